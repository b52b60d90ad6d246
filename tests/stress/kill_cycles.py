"""Kill a process that is saving entries at random moments; check that nothing acknowledged is lost.

    python -m tests.stress.kill_cycles --cycles 200

prints how many saves were acknowledged and killed mid-way, and fails (exit 1)
if the journal is damaged or any acknowledged entry is missing or different.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from reflect.core.journal import Journal
from reflect.core.store import check_journal


@dataclass
class Outcome:
    """What the cycles did and found."""

    cycles: int
    acknowledged: int
    entries_in_journal: int
    missing: list[str]
    damaged: list[str]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.missing and not self.damaged


def run_cycles(path: Path, cycles: int, seed: int = 1) -> Outcome:
    """Start the writer, kill it after a random moment, ``cycles`` times, then check."""
    rng = random.Random(seed)
    acked: dict[str, int] = {}
    started = time.monotonic()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for cycle in range(cycles):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.stress.writer", str(path), str(seed * 10000 + cycle)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        # The writer needs a moment to import; kill somewhere in its working life.
        time.sleep(0.6 + rng.random() * 0.8)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "ack":
                acked[parts[1]] = int(parts[2])
    with Journal.open(path) as journal:
        damaged = check_journal(journal.engine)
        missing = []
        with journal.engine.connect() as conn:
            stored = {
                uid: length
                for uid, length in conn.exec_driver_sql(
                    "SELECT e.uid, length(a.text) FROM entry e JOIN answer a ON a.entry_id = e.id"
                    " AND a.prompt_id = 'context'"
                )
            }
            total = int(conn.exec_driver_sql("SELECT count(*) FROM entry").scalar_one())
        for uid, length in acked.items():
            if stored.get(uid) != length:
                missing.append(uid)
    return Outcome(cycles, len(acked), total, missing, damaged, time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        outcome = run_cycles(Path(folder) / "journal.db", args.cycles, args.seed)
    print(f"{'kill cycles':<28}{outcome.cycles:>10}")
    print(f"{'saves acknowledged':<28}{outcome.acknowledged:>10}")
    print(f"{'entries in the journal':<28}{outcome.entries_in_journal:>10}")
    print(f"{'acknowledged but missing':<28}{len(outcome.missing):>10}")
    print(f"{'integrity problems':<28}{len(outcome.damaged):>10}")
    print(f"{'seconds':<28}{outcome.seconds:>10.1f}")
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
