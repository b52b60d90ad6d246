"""Start-up to the first frame, this checkout against another, interleaved round by round.

    python -m tests.bench.startup_versus --base /path/to/other-checkout --db JOURNAL [--rounds 7]

The same probe as the benchmark's start-up row (tests/bench/startup_probe.py):
each side first lists the modules its own first frame loaded, then a bare
app importing those modules and the real app are timed, alternately for
this checkout and for ``--base`` (imported from there with this checkout's
Python and libraries, through PYTHONPATH). Prints each side's medians and
its ratio, so a change in the ratio can be told from a change in the
machine. The journal is only read.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = Path(__file__).with_name("startup_probe.py")


def ready(checkout: Path | None, *args: str) -> float:
    """Seconds from the probe's start to its first frame, with ``checkout``'s Reflect."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    out = subprocess.run(
        [sys.executable, str(PROBE), *args], capture_output=True, text=True, env=env, check=True
    ).stdout
    found = re.search(r"ready_s ([0-9.]+)", out)
    if not found:
        raise RuntimeError(f"the start-up probe printed no time: {out!r}")
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="another checkout of Reflect")
    parser.add_argument("--db", type=Path, required=True, help="a benchmark journal (only read)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    sides: dict[str, Path | None] = {"this checkout": None, str(args.base): args.base.resolve()}
    modules: dict[str, Path] = {}
    folder = Path(tempfile.mkdtemp())
    for i, (name, checkout) in enumerate(sides.items()):
        modules[name] = folder / f"modules-{i}.txt"
        ready(checkout, "reflect", str(args.db), "--modules", str(modules[name]))
        count = len(modules[name].read_text().split())
        print(f"{name}: {count} modules loaded at the first frame")
    times: dict[str, dict[str, list[float]]] = {n: {"bare": [], "app": []} for n in sides}
    for _ in range(args.rounds):
        for name, checkout in sides.items():
            times[name]["bare"].append(ready(checkout, "bare", "--imports", str(modules[name])))
            times[name]["app"].append(ready(checkout, "reflect", str(args.db)))
    for name, got in times.items():
        bare, app = statistics.median(got["bare"]), statistics.median(got["app"])
        print(f"{name}: bare {bare:.3f} s, Reflect {app:.3f} s, ratio {app / bare:.3f}")


if __name__ == "__main__":
    main()
