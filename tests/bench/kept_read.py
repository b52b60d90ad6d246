"""The worker's read for each search-as-you-type key, with the kept rankings and without.

    python -m tests.bench.kept_read JOURNAL [--rounds N]

Types the benchmark's queries (tests/bench/screen.py) a letter at a time and,
for each key that searches, times what the browse screen's worker reads:
the page of results (`Journal.search`, 23 rows as at 100x30) and the count
(`Journal.count_matches`), once with the rankings kept ahead
(reflect/core/kept_rankings.py) and once with them set aside, alternating,
``--rounds`` times; prints each key's medians and, at the end, the median
and 95th percentile over all keys. The journal is only read. Asserts
nothing: timings belong in benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from reflect.core.journal import Journal
    from reflect.core.kept_rankings import KeptLookup
    from tests.bench.screen import QUERIES, searched

    kept_get = KeptLookup.get
    keys = list(
        dict.fromkeys(
            searched(query[:end]) for query in QUERIES for end in range(1, len(query) + 1)
        )
    )
    keys = [key for key in keys if key]
    times: dict[tuple[str, bool], list[float]] = {}
    with Journal.open(args.journal, create=False, lock=False) as journal:
        if not journal.rankings_kept():
            print("note: this journal's kept rankings do not fit it (both columns rank in full)")
        for _ in range(args.rounds):
            for key in keys:
                for kept in (True, False):
                    KeptLookup.get = kept_get if kept else (lambda self, phrase: None)  # type: ignore[method-assign]
                    started = time.perf_counter()
                    journal.search(key, limit=23)
                    journal.count_matches(key)
                    times.setdefault((key, kept), []).append(time.perf_counter() - started)
        KeptLookup.get = kept_get  # type: ignore[method-assign]
    print(f"{'key':22} {'kept ms':>9} {'in full ms':>11}")
    for key in keys:
        with_kept = statistics.median(times[key, True]) * 1000
        in_full = statistics.median(times[key, False]) * 1000
        print(f"{key:22} {with_kept:9.1f} {in_full:11.1f}")
    for kept, label in ((True, "kept"), (False, "in full")):
        each = sorted(statistics.median(times[key, kept]) * 1000 for key in keys)
        p95 = each[int(0.95 * len(each))]
        middle = statistics.median(each)
        print(f"all {len(keys)} keys, {label}: median {middle:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
