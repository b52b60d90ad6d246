"""Full garbage collections while searching as you type, with and without the quiet collector.

    python -m tests.bench.gc_pauses JOURNAL [--without]

Types the benchmark's queries on the real browse screen (tests/bench/screen.py,
two passes) and times every full (oldest-generation) collection with
`gc.callbacks`. With ``--without`` the app leaves collections to Python, as
before reflect/tui/quiet_collector.py. Prints each pass's 95th percentile,
the slowest key, and how many full collections ran and the longest five.
Run both, one after the other, on a quiet machine. The journal is only read.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path
from typing import Any

from tests.bench import screen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path, help="a benchmark journal (never written to)")
    parser.add_argument("--without", action="store_true", help="leave collections to Python")
    args = parser.parse_args()
    if args.without:
        from reflect.tui.quiet_collector import QuietCollector

        QuietCollector.start = lambda self: None  # type: ignore[method-assign]
        QuietCollector.stop = lambda self: None  # type: ignore[method-assign]
    pauses: list[float] = []
    began: list[float] = []

    def timed(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            began[:] = [time.perf_counter()]
        elif info.get("generation") == 2 and began:
            pauses.append((time.perf_counter() - began[0]) * 1000)

    gc.callbacks.append(timed)
    passes = screen.search_as_you_type(args.journal, passes=2)
    keys = sorted(ms for one in passes for ms in one)
    p95 = [sorted(one)[int(0.95 * len(one)) - 1] * 1000 for one in passes]
    print("collections left to Python" if args.without else "the quiet collector")
    print(f"  keys timed {len(keys)}, median {statistics.median(keys) * 1000:.1f} ms")
    print(f"  p95 of each pass: {', '.join(f'{ms:.0f} ms' for ms in p95)}")
    print(f"  slowest key {keys[-1] * 1000:.0f} ms")
    longest = ", ".join(f"{ms:.0f}" for ms in sorted(pauses)[-5:])
    print(f"  full collections {len(pauses)}, the longest (ms): {longest or '-'}")


if __name__ == "__main__":
    main()
