"""Search as you type with several common words ranked from their kept heads, and without.

    python -m tests.bench.pairs_versus JOURNAL [--passes 3]

Types the benchmark's queries on the real browse screen
(`screen.search_as_you_type`), one pass in a fresh process with
`ranking.best_of_kept_heads` in use and one with it set aside (every match
of such a search ranked, as before it), in turn, ``--passes`` times; prints
each pass's median and 95th percentile, key to rows drawn. The journal is
only read; its rankings should be kept (`Journal.keep_rankings`). Asserts
nothing: timings belong in benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

ONE_PASS = r"""
import statistics, sys
from pathlib import Path
from tests.bench import screen
if sys.argv[2] == "without":
    from reflect.core import ranking
    ranking.best_of_kept_heads = lambda *args, **kwargs: None
(keys,) = screen.search_as_you_type(Path(sys.argv[1]), 1)
keys = sorted(keys)
print(statistics.median(keys) * 1000, keys[int(0.95 * len(keys))] * 1000)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    passes: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    for _ in range(args.passes):
        for side, found in passes.items():
            out = subprocess.run(
                [sys.executable, "-c", ONE_PASS, args.journal, side],
                capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            found.append((float(out[0]), float(out[1])))
    for side, found in passes.items():
        medians = ", ".join(f"{median:.1f}" for median, _p95 in found)
        p95s = ", ".join(f"{p95:.1f}" for _median, p95 in found)
        print(f"{side:<8} median ms: {medians}   p95 ms: {p95s}")


if __name__ == "__main__":
    main()
