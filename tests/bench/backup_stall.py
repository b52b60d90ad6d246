"""How long another thread waits while a backup is made: the app's screen during today's backup.

    python -m tests.bench.backup_stall --db COPY.db [--against OTHER/.venv/bin/python] [--rounds 3]

The app makes today's backup in a worker thread while the screen goes on
(reflect/tui/app.py). Python runs one thread at a time, so a long step of
the backup that holds Python's lock delays every key press. Here the main
thread sleeps 1 ms again and again while `make_backup` runs in a thread;
each sleep's overshoot is how long the screen would have waited. Prints the
median and slowest of each round's p99 and longest wait, for this
checkout's Python and, interleaved, ``--against`` (another checkout's).
Use a COPY of a journal.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def one(db: Path) -> dict[str, float]:
    """p99 and longest wait (ms) of a 1 ms sleep while one backup of ``db`` is made."""
    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal

    with (
        tempfile.TemporaryDirectory(dir=db.parent) as folder,
        Journal.open(db, create=False, lock=False) as journal,
    ):
        worker = threading.Thread(target=make_backup, args=(journal, Path(folder) / "b.db"))
        waits = []
        worker.start()
        while worker.is_alive():
            started = time.perf_counter()
            time.sleep(0.001)
            waits.append(time.perf_counter() - started)
        worker.join()
    waits.sort()
    return {"p99_ms": waits[int(len(waits) * 0.99)] * 1000, "max_ms": waits[-1] * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--against", help="another checkout's Python (main's code)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.db)))
        return 0
    pythons = {"this": sys.executable, **({"against": args.against} if args.against else {})}
    found: dict[str, list[dict[str, float]]] = {label: [] for label in pythons}
    for _round in range(args.rounds):
        for label, python in pythons.items():
            command = [python, str(Path(__file__).resolve()), "--one", "--db", str(args.db)]
            cwd = Path(python).absolute().parent.parent.parent  # that checkout's own Reflect
            done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
            if done.returncode:
                sys.exit(f"{label} failed:\n{done.stderr}")
            found[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
    for label, runs in found.items():
        cells = []
        for key in ("p99_ms", "max_ms"):
            values = [run[key] for run in runs]
            cells.append(f"{key} {statistics.median(values):.1f} (slowest {max(values):.1f})")
        print(f"{label}: " + ", ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
