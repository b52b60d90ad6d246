"""What the total under `reflect search`'s results costs: the page against the count.

    python -m tests.bench.search_count JOURNAL [QUERY ...] [--rounds 5]

`reflect search` shows the best page and, when the page is full, one line
"20 of 1,734 matching entries"; the total comes from `count_matches`, a
second query. This prints, per query, the CPU milliseconds (median over the
rounds, page and count run in turn) of the page (`search`, limit 20) and of
the count, on a copy of a journal: opening may tidy leftovers beside it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

QUERIES = ["school", "kitchen table", "the", "mum", "visit", "zzqq"]


def main() -> None:
    from reflect.core.listing import SearchReader

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("journal", type=Path)
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    reader = SearchReader.open(args.journal)
    if reader is None:
        raise SystemExit("The journal needs upgrading first: open it once with reflect.")
    rows = []
    with reader:
        for query in args.queries:
            page, count = [], []
            for _ in range(args.rounds):
                started = time.process_time()
                hits = reader.search(query, limit=20)
                page.append(time.process_time() - started)
                started = time.process_time()
                total = reader.count_matches(query)
                count.append(time.process_time() - started)
            rows.append(
                (query, len(hits), total, statistics.median(page), statistics.median(count))
            )
    print(f"{'query':<16}{'shown':>6}{'total':>9}{'page ms':>9}{'count ms':>10}{'count/page':>12}")
    for query, shown, total, page_s, count_s in rows:
        share = f"{count_s / page_s:.0%}" if page_s else "-"
        print(
            f"{query:<16}{shown:>6}{total:>9,}{page_s * 1000:>9.1f}{count_s * 1000:>10.1f}"
            f"{share:>12}"
        )


if __name__ == "__main__":
    main()
