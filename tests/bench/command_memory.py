"""Peak memory and time of every long command on a large journal, each the whole process.

    .venv/bin/python -m tests.bench.command_memory --db JOURNAL [--work FOLDER] [--only NAME ...]

JOURNAL is only read: it is copied into FOLDER (default: a new temporary
folder, removed after) and every command that writes works on the copy or
on files it makes there. The commands, in this order: a search for a
common word, export of every entry as Markdown and as the archive, import
of that whole archive into an empty journal, check, backup, restore of
that backup as a new journal, encrypt and decrypt. Each runs as its own
`reflect` process, as a user runs it; its peak resident memory is the
kernel's count for the finished child (getrusage RUSAGE_CHILDREN, read in
a fresh helper process per command); its seconds are wall-clock. With
``--only``, name what a command needs too (import reads the archive export
writes; restore, the backup).
Prints a table: command, entries, peak MB, seconds, and whether it is under
the 200 MB goal (issue 18, point 8). `measure` gives the rows, for a caller
such as tests/bench/run.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LIMIT_MB = 200
PASSPHRASE = "bench passphrase, not a secret"
# Runs one command, then prints the child's peak memory (KiB on Linux) and its wall time.
PROBE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "took = time.perf_counter() - start\n"
    "if done.returncode: sys.exit(done.stderr.decode(errors='replace'))\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, took)\n"
)
COMMANDS = (
    "search",
    "export markdown",
    "export archive",
    "import",
    "check",
    "backup",
    "restore",
    "encrypt",
    "decrypt",
)


@dataclass(frozen=True)
class Measured:
    """One command's whole process."""

    command: str
    entries: int
    peak_mb: float
    seconds: float


def _plans(folder: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each command's arguments after ``reflect`` and the environment it adds."""
    copy, archive, backup = folder / "journal.db", folder / "all.archive", folder / "backup.db"
    every = ["--from", "1900-01-01", "--to", "2100-12-31", "--include-drafts", "--force"]
    locked = {"REFLECT_PASSPHRASE": PASSPHRASE}
    return {
        # A common word: the most results to rank and show.
        "search": (["--db", str(copy), "search", "the", "--limit", "100"], {}),
        "export markdown": (
            ["--db", str(copy), "export", "--format", "markdown", *every, "-o",
             str(folder / "all.md")], {},
        ),
        # No dates: the whole journal, as a move to another computer takes it.
        "export archive": (
            ["--db", str(copy), "export", "--format", "archive", "--include-drafts", "--force",
             "-o", str(archive)], {},
        ),
        "import": (["--db", str(folder / "imported.db"), "import", str(archive)], {}),
        "check": (["--db", str(copy), "check"], {}),
        "backup": (["--db", str(copy), "backup", "--to", str(backup)], {}),
        "restore": (["--db", str(folder / "restored.db"), "restore", str(backup), "--yes"], {}),
        "encrypt": (["--db", str(copy), "encrypt"], locked),
        "decrypt": (["--db", str(copy), "decrypt", "--yes"], locked),
    }  # fmt: skip


def measure(journal: Path, folder: Path, commands: tuple[str, ...] = COMMANDS) -> list[Measured]:
    """Copy ``journal`` into ``folder`` and run ``commands`` there, in order; their figures."""
    copy = folder / "journal.db"
    shutil.copyfile(journal, copy)
    log = journal.with_name(journal.name + "-wal")  # what is not yet folded into the file
    if log.exists() and log.stat().st_size:
        shutil.copyfile(log, copy.with_name(copy.name + "-wal"))
    connection = sqlite3.connect(f"{copy.absolute().as_uri()}?mode=ro", uri=True)
    try:
        (entries,) = connection.execute("SELECT count(*) FROM entry").fetchone()
    finally:
        connection.close()
    reflect = [sys.executable, "-P", "-m", "reflect"]
    env = {k: v for k, v in os.environ.items() if k not in ("REFLECT_DB", "REFLECT_PASSPHRASE")}
    env |= {"REFLECT_DATA_DIR": str(folder / "data"), "REFLECT_CONFIG_DIR": str(folder / "config")}
    plans = _plans(folder)
    found = []
    for name in commands:
        arguments, added = plans[name]
        probe = subprocess.run(
            [sys.executable, "-c", PROBE, *reflect, *arguments],
            capture_output=True, text=True, env=env | added,
        )  # fmt: skip
        if probe.returncode:
            raise SystemExit(f"{name} failed: {probe.stderr.strip()}")
        peak_kib, took = probe.stdout.split()
        found.append(Measured(name, entries, int(peak_kib) / 1024, float(took)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the journal (only read)")
    parser.add_argument("--work", type=Path, help="where the copies go (default: a temporary one)")
    parser.add_argument("--only", nargs="+", choices=COMMANDS, help="these commands only")
    args = parser.parse_args()
    commands = tuple(c for c in COMMANDS if not args.only or c in args.only)
    if args.work is None:
        with tempfile.TemporaryDirectory(prefix="reflect-command-memory-") as folder:
            rows = measure(args.db, Path(folder), commands)
    else:
        args.work.mkdir(parents=True, exist_ok=True)
        rows = measure(args.db, args.work, commands)
    print(f"| command         | entries | peak memory (MB) | seconds | under {LIMIT_MB} MB |")
    print("| --------------- | ------- | ---------------- | ------- | ------------ |")
    for r in rows:
        under = "yes" if r.peak_mb < LIMIT_MB else "NO"
        print(
            f"| {r.command:15} | {r.entries:7,} | {r.peak_mb:16.0f} | {r.seconds:7.1f} "
            f"| {under:12} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
