"""What a search's snippets cost: the read of a page of results with them and without.

    python -m tests.bench.snippet_cost JOURNAL [--rows 23] [QUERY ...]

For each query, `Journal.search` for ``--rows`` results (23: what the
browse screen reads at 100x30), seven times each way, with the snippets
made as always and with `listing._snippet` made to return nothing; prints
both medians. The journal is only read. Asserts nothing: timings belong in
benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

QUERIES = ["th", "the", "health vi", "school at", "money wor", "kitchen"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--rows", type=int, default=23)
    parser.add_argument("queries", nargs="*", default=QUERIES)
    args = parser.parse_args()
    from reflect.core import listing
    from reflect.core.journal import Journal
    from reflect.core.records import EntryFilter

    made = listing._snippet
    with Journal.open(args.journal, create=False) as journal:
        for query in args.queries:
            took: dict[str, float] = {}
            for side, snippet in (("with", made), ("without", lambda *_args: "")):
                listing._snippet = snippet  # type: ignore[assignment]
                times = []
                for _ in range(7):
                    started = time.perf_counter()
                    journal.search(query, limit=args.rows, filters=EntryFilter())
                    times.append(time.perf_counter() - started)
                took[side] = statistics.median(times) * 1000
            listing._snippet = made
            print(
                f"{query!r:14} {args.rows} rows: {took['with']:5.1f} ms,"
                f" without snippets {took['without']:5.1f} ms"
            )


if __name__ == "__main__":
    main()
