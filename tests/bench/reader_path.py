"""What `Reader` buys: `reflect export` through it against the same export through `Journal`.

    python -m tests.bench.reader_path --db JOURNAL [--rounds 7]

`Reader` opens an up-to-date journal on one driver connection without
importing SQLAlchemy; the other side makes `Reader.open` say "needs
upgrading", so the command falls back to `Journal` (and its pool). Both run
the same queries (reflect/core/database.py). Each row is the whole process,
run interleaved round by round, median with its range. Export a term (the
last quarter of the journal's dates) and two days, where start-up weighs most.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

RUN = "import sys; from reflect.cli import main; sys.argv = ['reflect', *sys.argv[1:]]; main()"
NO_READER = (
    "import reflect.core.reading as r; "
    "r.Reader.open = classmethod(lambda cls, *a, **k: None); " + RUN
)


def _last_visit(db: Path) -> date:
    conn = sqlite3.connect(db)
    try:
        return date.fromisoformat(conn.execute("SELECT max(visit_date) FROM entry").fetchone()[0])
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    last = _last_visit(args.db)
    spans = {"a term (12 weeks)": last - timedelta(weeks=12), "two days": last - timedelta(days=1)}
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for span, start in spans.items():
            for side, code in (("Reader", RUN), ("Journal", NO_READER)):
                command = [sys.executable, "-c", code, "--db", str(args.db), "export"]
                command += ["--from", start.isoformat(), "--to", last.isoformat(), "-o", "-"]
                began = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                times.setdefault((span, side), []).append((time.perf_counter() - began) * 1000)
    print("| export            | through | median ms | range ms    |")
    for (span, side), values in times.items():
        spread = f"{min(values):.0f}-{max(values):.0f}"
        print(f"| {span:17} | {side:7} | {statistics.median(values):9.0f} | {spread:11} |")


if __name__ == "__main__":
    main()
