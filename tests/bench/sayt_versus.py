"""Search as you type on the real screen, this checkout against others, interleaved.

    python -P -m tests.bench.sayt_versus JOURNAL [--rounds 3] [--other DIR ...]
    python -P -m tests.bench.sayt_versus JOURNAL --env TEXTUAL_FPS=60

Each round runs, for each side in turn and in a fresh process, what the
benchmark's row does (`screen.search_as_you_type`, 3 passes over its
queries): the key-to-rows-drawn median and each pass's 95th percentile, and
their median, as `tests.bench.run` reports it. The sides: this checkout,
each ``--other`` checkout (its folder put first on the path: `git archive
REV | tar -x -C DIR`, then `python -m compileall DIR`, or every run
compiles it), and this checkout with each ``--env NAME=VALUE`` set. Run it
from outside the checkout or with ``-P``, so that the current folder does
not shadow the others. The journal is only read. Asserts nothing: timings
belong in benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ONE_SIDE = r"""
import statistics, sys
from pathlib import Path
from tests.bench import screen
from tests.bench.run import p95
passes = screen.search_as_you_type(Path(sys.argv[1]), 3)
keys = [k for one in passes for k in one]
each = sorted(p95(one) * 1000 for one in passes)
print(screen.frame_rate(), statistics.median(keys) * 1000, statistics.median(each),
      " ".join(f"{v:.1f}" for v in each))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--other", type=Path, action="append", default=[])
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for one more side")
    args = parser.parse_args()
    here = str(Path(__file__).resolve().parents[2])
    sides: dict[str, dict[str, str]] = {"this checkout": {"PYTHONPATH": here}}
    for other in args.other:
        sides[str(other)] = {"PYTHONPATH": str(other.resolve())}
    for setting in args.env:
        name, _, value = setting.partition("=")
        sides[f"this checkout, {setting}"] = {"PYTHONPATH": here, name: value}
    medians: dict[str, list[float]] = {side: [] for side in sides}
    p95s: dict[str, list[float]] = {side: [] for side in sides}
    for round_number in range(1, args.rounds + 1):
        for side, env in sides.items():
            out = subprocess.run(
                [sys.executable, "-P", "-c", ONE_SIDE, str(args.journal.resolve())],
                env={**os.environ, **env},
                cwd="/",
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            fps, median, p95, passes = int(out[0]), float(out[1]), float(out[2]), out[3:]
            medians[side].append(median)
            p95s[side].append(p95)
            print(
                f"round {round_number}  {side:40} {fps} a second  median {median:5.1f} ms"
                f"  p95 {p95:5.1f} ms (passes {', '.join(passes)})",
                flush=True,
            )
    print("over the rounds, ms: median of the medians, median of the p95s (spread)")
    for side in sides:
        print(
            f"  {side:40} {statistics.median(medians[side]):5.1f}"
            f"  {statistics.median(p95s[side]):5.1f} ({min(p95s[side]):.1f}-{max(p95s[side]):.1f})"
        )


if __name__ == "__main__":
    main()
