"""How quick the practitioner's year is on large journals: readiness, agenda, timeline.

    python -m tests.bench.year            # 1,000 and 10,000 entries
    python -m tests.bench.year --sizes 1000

Prints a table of wall-clock medians (five runs each) on this machine; the
whole-process rows run the installed ``reflect`` command as a user would.
Not part of the test suite: timing tests flake on a busy machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

UNTIL = date(2026, 11, 20)
RUNS = 5


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()

    from reflect.core.agenda import build_agenda
    from reflect.core.export import ExportScope, export
    from reflect.core.journal import Journal
    from reflect.core.periods import parse_registration_year
    from reflect.core.prompts import load_library
    from reflect.core.readiness import readiness
    from reflect.core.sample import add_sample_sessions, fill_journal

    library = load_library()
    reflect = Path(sys.executable).with_name("reflect")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"year-{size}.db"
            with Journal.open(path) as journal:
                fill_journal(journal, library, size, seed=7, until=UNTIL)
                add_sample_sessions(journal, UNTIL)
                code = journal.list_entries(limit=1).items[0].case_code
                visits = len(journal.case_timeline(code))
                year = parse_registration_year("2025-26").as_term()
                measured = {
                    "readiness (home line)": lambda j=journal: readiness(j, UNTIL),
                    "agenda (anonymised)": lambda j=journal: build_agenda(j),
                    f"case timeline ({visits} visits)": lambda j=journal, c=code: j.case_timeline(
                        c
                    ),
                    "continuity panel": lambda j=journal, c=code: j.continuity(c, before=UNTIL),
                    "CPD export, a year": lambda j=journal, y=year: export(
                        j, ExportScope(term=y), fmt="cpd"
                    ),
                }
                for name, work in measured.items():
                    rows.append((size, name, median_ms(work)))
            for name, command in (
                ("reflect cpd status (process)", ["cpd", "status", "--on", str(UNTIL)]),
                ("reflect case CODE (process)", ["case", code]),
                ("reflect supervision agenda (process)", ["supervision", "agenda"]),
            ):
                full = [str(reflect), "--db", str(path), *command]
                rows.append(
                    (
                        size,
                        name,
                        median_ms(
                            lambda f=full: subprocess.run(f, check=True, capture_output=True)
                        ),
                    )
                )
    print(f"{'entries':>8}  {'what':<40}  {'median ms':>10}")
    for size, name, ms in rows:
        print(f"{size:>8,}  {name:<40}  {ms:>10.1f}")


if __name__ == "__main__":
    main()
