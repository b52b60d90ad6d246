"""What the home screen's and browse's lists read, timed on a journal.

    python -m tests.bench.home_lists JOURNAL

Times `Journal.drafts` (the home screen's "Drafts to finish"), the first
page of the browse list, and that list filtered to flagged entries and to
drafts: medians of five reads each, in this process. The journal is only
read. Asserts nothing: timings belong in benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _median_ms(read: Callable[[], Any]) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        read()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path)
    args = parser.parse_args()
    from reflect.core.journal import Journal
    from reflect.core.records import EntryFilter

    with Journal.open(args.journal, create=False) as journal:
        drafts = journal.count_entries(EntryFilter(status="draft"))
        reads: dict[str, Callable[[], Any]] = {
            f"drafts to finish (20 of {drafts:,})": lambda: journal.drafts(limit=20),
            "browse, first page (100)": lambda: journal.list_entries(limit=100),
            "browse, flagged (100)": lambda: journal.list_entries(
                EntryFilter(flagged=True), limit=100
            ),
            "browse, drafts (100)": lambda: journal.list_entries(
                EntryFilter(status="draft"), limit=100
            ),
        }
        for label, read in reads.items():
            print(f"{label:36} {_median_ms(read):7.1f} ms")


if __name__ == "__main__":
    main()
