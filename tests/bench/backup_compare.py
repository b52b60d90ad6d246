"""Backups, old code against new, interleaved: size, time to make, time to restore, memory.

    python -m tests.bench.backup_compare --db COPY.db [--db COPY2.db ...]
        [--against /path/to/base/.venv/bin/python] [--rounds 3] [--passphrase P]

For each journal (use COPIES: a backup is written beside nothing but a
temporary folder, yet opening a journal may tidy it), each round runs one
measurement under this checkout's Python and then one under ``--against``
(another checkout's, e.g. main's), so both see the same machine load. One
measurement (``--one``, run in a fresh process by the driver) is:

- ``make_s``: `make_backup` of the open journal, in process (as
  tests/bench/compare.py's ``backup_figures``);
- ``ratio``: the backup's bytes / the journal's bytes; ``kept`` that times
  the backups the default policy keeps (7 + 4), as tests/bench/run.py does;
- ``restore_s``: ``reflect restore BACKUP --yes`` into a new journal path,
  a whole process as the user runs it: checking the backup, building (or
  copying) the journal, opening it and rebuilding the search index;
- ``backup_mb`` and ``restore_mb``: peak resident memory of ``reflect
  backup --to`` and of that restore, each a whole process.

Prints a table of medians with spreads (min-max) per journal and code.
The script imports only Reflect's public modules, so it runs under an
older checkout's Python too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEPT = 7 + 4  # the default policy (reflect.core.backup.BackupPolicy)
PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _peak_mb(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MB) of one whole command."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, env=env
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    out = done.stdout
    return time.perf_counter() - started, int(out.strip().splitlines()[-1]) / 1024


def one(db: Path, passphrase: str | None) -> dict[str, float]:
    """One measurement of the code this Python imports, on the journal ``db``."""
    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal

    folder = Path(tempfile.mkdtemp(prefix="reflect-backup-compare-", dir=db.parent))
    env = {
        **os.environ,
        "REFLECT_DATA_DIR": str(folder / "data"),
        "REFLECT_CONFIG_DIR": str(folder / "config"),
    }
    if passphrase:
        env["REFLECT_PASSPHRASE"] = passphrase
    try:
        with Journal.open(db, create=False, passphrase=passphrase, lock=False) as journal:
            target = folder / "made.db"
            started = time.perf_counter()
            make_backup(journal, target)
            make_s = time.perf_counter() - started
        ratio = target.stat().st_size / db.stat().st_size
        reflect = [sys.executable, "-m", "reflect"]
        _s, backup_mb = _peak_mb(
            [*reflect, "--db", str(db), "backup", "--to", str(folder / "cli.db")], env
        )
        restored = folder / "restored" / "journal.db"
        restored.parent.mkdir()
        restore_s, restore_mb = _peak_mb(
            [*reflect, "--db", str(restored), "restore", str(target), "--yes"], env
        )
        return {
            "make_s": make_s,
            "ratio": ratio,
            "kept": KEPT * ratio,
            "backup_mb": target.stat().st_size / 1e6,
            "restore_s": restore_s,
            "peak_backup_mb": backup_mb,
            "peak_restore_mb": restore_mb,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _spread(values: list[float], digits: int) -> str:
    median = statistics.median(values)
    return f"{median:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, action="append", required=True)
    parser.add_argument("--against", help="another checkout's Python (main's code)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--passphrase", help="for encrypted journals (the same for each --db)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        (db,) = args.db
        print(json.dumps(one(db, args.passphrase)))
        return 0
    pythons = {"this": sys.executable}
    if args.against:
        pythons["against"] = args.against
    script = Path(__file__).resolve()
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for round_number in range(args.rounds):
        for db in args.db:
            for label, python in pythons.items():
                command = [python, str(script), "--one", "--db", str(db)]
                if args.passphrase:
                    command += ["--passphrase", args.passphrase]
                # Each checkout's Python imports its own Reflect (the folder it runs in).
                cwd = Path(python).absolute().parent.parent.parent
                done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
                if done.returncode:
                    sys.exit(f"{label} failed on {db.name}:\n{done.stderr}")
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                results.setdefault((db.name, label), []).append(figures)
                print(f"round {round_number + 1} {db.name} {label}: {figures}", file=sys.stderr)
    columns = [
        ("ratio", 3), ("kept", 2), ("backup_mb", 1), ("make_s", 2), ("restore_s", 2),
        ("peak_backup_mb", 0), ("peak_restore_mb", 0),
    ]  # fmt: skip
    print("| journal | code | " + " | ".join(name for name, _ in columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for (name, label), runs in results.items():
        cells = [_spread([run[key] for run in runs], digits) for key, digits in columns]
        print(f"| {name} | {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
