"""Where `reflect import` of a term's archive spends its time, for whichever checkout runs it.

    python -P tests/bench/import_phases.py --db JOURNAL [--runs 3] [--whole]
    /path/to/main/.venv/bin/python -P tests/bench/import_phases.py --db JOURNAL
    PYTHONPATH=/path/to/other/checkout python -P tests/bench/import_phases.py --db JOURNAL

The archive is the term of `compare.TERM` exported from JOURNAL (only
read), or with ``--whole`` all of it; each run imports it into a new
journal in a temporary folder, in a fresh process: the imports the command
needs (with the journal it writes through: `Writer` where the checkout has
it, else `Journal`), checking the file before the journal is made
(`check_import`: before io27 the whole file, into a journal not yet made;
since, only what is plainly no archive, the file being read once), making
the new journal, building the search index (the statements that fill it),
writing the rows (`Loader._write`) and the rest (reading and checking the
archive as it is written, terms, sessions, the commit). CPU seconds of the
process; medians with their ranges.

Then the whole command as a user runs it (`reflect --db NEW import
ARCHIVE`, start-up and closing included), the same number of times: its
wall-clock seconds and its CPU seconds (user and system, from the child's
resource usage), to show how much of the wall time is waiting (disk, fsync)
rather than work, and the highest peak memory (resident set) of the runs.

    python -P tests/bench/import_phases.py --db JOURNAL --versus-jrnl [--runs 9] [--before DIR]

instead times the whole `reflect import` of the term's archive against
`jrnl --import` of the same entries, each into a new journal, interleaved
round by round (as `compare.versus_jrnl`), and with ``--before DIR`` the
command from the checkout in DIR (for example `git archive` of an earlier
commit) in the same rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PHASES = ("imports", "checking first", "new journal", "search index", "rows", "the rest")


def one_run(archive: Path, target: Path) -> dict[str, float]:
    """The phases once, in this (fresh) process."""
    began = time.process_time()
    import reflect.cli  # noqa: F401  (what the command loads first)
    import reflect.core.bulk_load as bulk_load
    from reflect.core.importer import check_import, import_file

    try:  # the command's way in since it writes through the driver alone
        from reflect.core.writer import Writer as Journal
    except ImportError:  # a checkout from before
        from reflect.core.journal import Journal  # type: ignore[assignment]

    took = {"imports": time.process_time() - began, "search index": 0.0, "rows": 0.0}
    write = bulk_load.Loader._write
    load = bulk_load.Loader.load

    def timed_write(self: Any, records: Any) -> Any:
        started = time.process_time()
        try:
            return write(self, records)
        finally:
            took["rows"] += time.process_time() - started

    class TimedCursor:
        def __init__(self, cursor: Any) -> None:
            self.cursor = cursor

        def execute(self, sql: str, *args: Any) -> Any:
            started = time.process_time()
            try:
                return self.cursor.execute(sql, *args)
            finally:
                if sql.startswith("INSERT INTO entry_fts"):
                    took["search index"] += time.process_time() - started

        def __getattr__(self, name: str) -> Any:
            return getattr(self.cursor, name)

    def timed_load(self: Any, *args: Any, **kwargs: Any) -> Any:
        # Once per loader: it loads a batch at a time, and a cursor wrapped
        # again for each batch counted each statement once per wrapper (the
        # search index's time came out several times over, "the rest" below 0).
        if not isinstance(self.cursor, TimedCursor):
            self.cursor = TimedCursor(self.cursor)
        return load(self, *args, **kwargs)

    bulk_load.Loader._write = timed_write  # type: ignore[method-assign]
    bulk_load.Loader.load = timed_load  # type: ignore[method-assign]
    # As the command does before the journal is opened: since io27 only what
    # is plainly no archive is refused there (the file is then read once);
    # before, into a journal not yet made, the whole file was read and checked.
    try:
        from reflect.core.writer import remove_made_journal  # noqa: F401  (io27 on)

        read_through = False
    except ImportError:
        read_through = not target.exists()
    started = time.process_time()
    check_import(archive, whole=read_through)
    took["checking first"] = time.process_time() - started
    started = time.process_time()
    opened = Journal.open(target)
    assert opened is not None
    with opened as journal:
        took["new journal"] = time.process_time() - started
        started = time.process_time()
        import_file(journal, archive)
        whole = time.process_time() - started
    took["the rest"] = whole - took["search index"] - took["rows"]
    return took


def versus_jrnl(db: Path, rounds: int, before: Path | None = None) -> None:
    """`reflect import` of the term's archive against jrnl's import of the same entries.

    As `compare.versus_jrnl` runs both (each into a new journal of its own,
    interleaved round by round; wall seconds, median and spread), with the
    command from the checkout in ``before`` in the same rounds when given.
    """
    sys.path.insert(0, str(Path(__file__).parents[2]))
    from tests.bench import compare

    start, end = (d.isoformat() for d in compare.TERM)
    reflect = [sys.executable, "-P", "-m", "reflect"]
    jrnl = str(Path(sys.executable).with_name("jrnl"))
    with tempfile.TemporaryDirectory(prefix="reflect-import-versus-") as name:
        folder = Path(name)
        term_txt, archive = folder / "term.txt", folder / "term.archive"
        compare.jrnl_entries(db, term_txt, *compare.TERM)
        compare.run_quietly(
            [*reflect, "--db", str(db), "export", "--format", "archive", "--from", start,
             "--to", end, "-o", str(archive)]
        )  # fmt: skip

        def fresh_jrnl(n: int) -> list[str]:
            target = folder / f"jrnl-{n}.txt"
            target.write_text("")
            config = compare.jrnl_config(target, folder / f"jrnl-{n}.yaml")
            return [jrnl, "--config-file", str(config), "--import", "--file", str(term_txt)]

        sides = {
            "jrnl": fresh_jrnl,
            "reflect": lambda n: [*reflect, "--db", str(folder / f"new-{n}.db"), "import",
                                  str(archive)],
        }  # fmt: skip
        if before is not None:
            sides["reflect before"] = lambda n: [
                "env", f"PYTHONPATH={before}", *reflect, "--db", str(folder / f"before-{n}.db"),
                "import", str(archive),
            ]  # fmt: skip
        times = compare.interleaved(sides, rounds)
    base = statistics.median(times["jrnl"])
    print(f"import of the term's entries against jrnl's, {rounds} rounds, wall seconds")
    for side, values in times.items():
        ratio = statistics.median(values) / base
        print(f"  {side:16} {compare.spread(values)}  {ratio:.2f}x jrnl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--whole", action="store_true", help="import all of JOURNAL")
    parser.add_argument("--once", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--versus-jrnl", action="store_true")
    parser.add_argument("--before", type=Path, help="with --versus-jrnl: an earlier checkout too")
    args = parser.parse_args()
    if args.once:
        print(json.dumps(one_run(*args.once)))
        return 0
    if args.versus_jrnl:
        versus_jrnl(args.db, args.runs, args.before)
        return 0
    from tests.bench.compare import TERM

    start, end = (d.isoformat() for d in TERM)
    dates = [] if args.whole else ["--from", start, "--to", end]
    runs = []
    with tempfile.TemporaryDirectory(prefix="reflect-import-phases-") as folder:
        archive = Path(folder) / "term.archive"
        subprocess.run(
            [sys.executable, "-P", "-m", "reflect", "--db", str(args.db), "export", "--format",
             "archive", *dates, "-o", str(archive)],
            check=True, capture_output=True,
        )  # fmt: skip
        for n in range(args.runs):
            target = Path(folder) / f"import-{n}.db"
            out = subprocess.run(
                [sys.executable, "-P", __file__, "--db", str(args.db), "--once", str(archive),
                 str(target)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            runs.append(json.loads(out))
        whole = [command_times(archive, Path(folder) / f"whole-{n}.db") for n in range(args.runs)]
    import reflect

    print(f"{Path(reflect.__file__).parents[1]}, {args.runs} runs, CPU seconds, median")
    for phase in PHASES:
        values = [run[phase] for run in runs]
        low, high = min(values), max(values)
        print(f"  {phase:14} {statistics.median(values):.3f} ({low:.3f}-{high:.3f})")
    totals = [sum(run[phase] for phase in PHASES) for run in runs]
    print(
        f"  {'all phases':14} {statistics.median(totals):.3f} ({min(totals):.3f}-{max(totals):.3f})"
    )
    print("the whole command, seconds, median")
    for n, name in enumerate(("wall", "CPU", "wall - CPU")):
        values = [w[n] for w in whole]
        low, high = min(values), max(values)
        print(f"  {name:14} {statistics.median(values):.3f} ({low:.3f}-{high:.3f})")
    print(f"  peak memory    {max(w[3] for w in whole):.0f} MB (the highest run)")
    return 0


def command_times(archive: Path, target: Path) -> tuple[float, float, float, float]:
    """Wall and CPU seconds (user and system), their difference and peak MB of one import."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "reflect", "--db", str(target), "import", str(archive)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"reflect import failed ({process.returncode})")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, wall - cpu, usage.ru_maxrss / 1024


if __name__ == "__main__":
    raise SystemExit(main())
