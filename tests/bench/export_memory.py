"""Peak memory and time of `reflect export` in every format, on a 10,000-entry journal.

Run: .venv/bin/python -m tests.bench.export_memory [--db JOURNAL] [--entries N]

Each export runs as its own `reflect` process (the whole command, as a user
runs it); its peak resident memory comes from the kernel's count for the
finished child (getrusage RUSAGE_CHILDREN, measured per run in a fresh
helper process). The target: every format under 150 MB at 10,000 entries.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

LIMIT_MB = 150
# Run one command and print its peak memory (KiB on Linux) and wall time.
PROBE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "took = time.perf_counter() - start\n"
    "if done.returncode: sys.exit(done.stderr.decode())\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, took)\n"
)


def build(path: Path, entries: int) -> None:
    from reflect.core.journal import Journal
    from reflect.core.prompts import load_library
    from reflect.core.sample import fill_journal

    with Journal.open(path) as journal:
        fill_journal(journal, load_library(None), entries, seed=3, until=date(2026, 11, 20))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing journal (default: build one)")
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    from reflect.cli.export import FORMAT_NAMES

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "journal.db"
        if args.db is None:
            build(db, args.entries)
        reflect = Path(sys.executable).parent / "reflect"
        print(f"| format | entries | peak memory (MB) | time (s) | under {LIMIT_MB} MB |")
        print("| --- | --- | --- | --- | --- |")
        for fmt in FORMAT_NAMES:
            out = Path(folder) / f"out.{fmt}"
            command = [str(reflect), "--db", str(db), "export", "--format", fmt]
            command += ["--from", "1900-01-01", "--to", "2100-12-31", "--include-drafts"]
            command += ["-o", str(out), "--force"]
            probe = subprocess.run(
                [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True
            )
            peak_kib, took = probe.stdout.split()
            megabytes = int(peak_kib) / 1024
            print(
                f"| {fmt} | {args.entries:,} | {megabytes:.0f} | {float(took):.1f} | "
                f"{'yes' if megabytes < LIMIT_MB else 'NO'} |"
            )


if __name__ == "__main__":
    main()
