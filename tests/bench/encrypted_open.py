"""What opening an encrypted journal costs against a plain one, whole process.

    python -m tests.bench.encrypted_open [--rounds 5]

Runs ``reflect --db J list --limit 1`` on a plain and an encrypted copy of
the same small journal, interleaved, and prints the median and spread of
each, plus the time of one key derivation (PBKDF2-HMAC-SHA512, SQLCipher 4's
256,000 rounds) measured in the same rounds. Then, in this process, the
time to open the encrypted journal, use three pooled connections at once
and make a backup, each step added to the last. The goal (issue 18, point
6): an encrypted open costs one key derivation plus a plain open, no more,
however many connections and backups follow.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEY = "bench passphrase words"


def _make(folder: Path) -> tuple[Path, Path]:
    from reflect.core.journal import Journal
    from reflect.core.prompts import load_library
    from reflect.core.sample import fill_journal

    plain, locked = folder / "plain.db", folder / "locked.db"
    library = load_library(None)
    for path, key in ((plain, None), (locked, KEY)):
        with Journal.open(path, passphrase=key) as journal:
            fill_journal(journal, library, 50, seed=1)
    return plain, locked


def _run(path: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "reflect", "--db", str(path), "list", "--limit", "1"],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _in_process(locked: Path, folder: Path) -> list[float]:
    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal

    started = time.perf_counter()
    with Journal.open(locked, create=False, passphrase=KEY) as journal:
        steps = [time.perf_counter() - started]
        connections = [journal.engine.connect() for _ in range(3)]  # all open at once
        for conn in connections:
            conn.exec_driver_sql("SELECT count(*) FROM entry").scalar_one()
        for conn in connections:
            conn.close()
        steps.append(time.perf_counter() - started)
        make_backup(journal, folder / f"backup-{len(list(folder.iterdir()))}.db")
        steps.append(time.perf_counter() - started)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        plain, locked = _make(Path(tmp))
        backups = Path(tmp) / "backups"
        backups.mkdir()
        from reflect.core import cipher

        cipher._derived.clear()  # as in a fresh process
        steps = _in_process(locked, backups)
        env = {**os.environ, "REFLECT_PASSPHRASE": KEY}
        times: dict[str, list[float]] = {"plain": [], "encrypted": [], "one derivation": []}
        for _ in range(rounds):
            times["plain"].append(_run(plain, env))
            times["encrypted"].append(_run(locked, env))
            # The machine's load changes; measure a derivation in the same round.
            started = time.perf_counter()
            hashlib.pbkdf2_hmac("sha512", KEY.encode(), os.urandom(16), 256_000, 32)
            times["one derivation"].append(time.perf_counter() - started)
    derivation = statistics.median(times["one derivation"])
    print("| reflect list --limit 1 (whole process) | median s | min s | max s |")
    print("|---|---|---|---|")
    for name, values in times.items():
        print(
            f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |"
        )
    print("\n| in one process | open | + 3 connections | + a backup |")
    print("|---|---|---|---|")
    print("| seconds since the start | " + " | ".join(f"{v:.3f}" for v in steps) + " |")
    extra = statistics.median(times["encrypted"]) - statistics.median(times["plain"])
    print(f"encrypted minus plain: {extra:.3f} s ({extra / derivation:.2f} derivations)")


if __name__ == "__main__":
    main()
