"""Where a term export's time goes, phase by phase, for whichever checkout runs it.

    python -P tests/bench/export_phases.py --db JOURNAL [--runs 3]
    /path/to/main/.venv/bin/python -P tests/bench/export_phases.py --db JOURNAL

Each run is a fresh process (the identifier check's first scan reads the
name lists, as the command's does): the imports the command needs, the
outline pass (contents and summary; since io27 a term of at most
`scope.HOLD_LIMIT` entries is read whole in it, once, for the document
too, so this phase holds most of the next), reading every entry, the
identifier check over every text it counts (in this process), the same answered from
the journal's kept findings where this checkout keeps them (scan_memo; the
journal's must be filled: export it once first), writing the Markdown
(`export_to_stream` with the check, all in this process), and the same with
the check on the second core where this checkout has it. CPU seconds of
this process (the forked check's own CPU is not in it); medians of the runs.
The term is `compare.TERM` (2,328 entries of the 10,000 sample).

    python -P tests/bench/export_phases.py --db JOURNAL --versus-jrnl [--runs 7]

instead times the whole `reflect export` of the term to Markdown against
`jrnl -from -to --format markdown` over the same entries (as
`compare.versus_jrnl` runs both), interleaved round by round
(wall seconds, median and spread): the usual export, whose findings the
journal keeps, and the first export after they are emptied (each round on a
fresh copy of JOURNAL with the table emptied, writing them back as it goes).
JOURNAL is copied first and never written to. With ``--before DIR`` the
same command from the checkout in DIR (for example `git archive` of an
earlier commit) runs in the same rounds over JOURNAL itself, which that
code must be able to read without upgrading it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

PHASES = (
    "imports",
    "outline",
    "read entries",
    "identifier check",
    "check, kept findings",
    "export, all here",
    "export, check beside",
)


def one_run(db: Path) -> dict[str, float]:
    """The phases once, in this (fresh) process."""
    took: dict[str, float] = {}
    began = time.process_time()
    import io
    from datetime import date

    import reflect.cli  # noqa: F401  (what the command loads first)
    from reflect.core.export import ExportScope, export_to_stream
    from reflect.core.export.scope import Document
    from reflect.core.privacy import scan
    from reflect.core.reading import Reader

    took["imports"] = time.process_time() - began
    reader = Reader.open(db)
    assert reader is not None
    scope = ExportScope(start=date(2025, 9, 1), end=date(2025, 12, 19))
    words = reader.word_lists()

    def timed(name: str, work: object) -> None:
        started = time.process_time()
        work()  # type: ignore[operator]
        took[name] = time.process_time() - started

    timed("outline", lambda: Document(reader, scope).outline)
    entries = list(reader.iter_details(scope.entry_filter()))
    timed("read entries", lambda: list(reader.iter_details(scope.entry_filter())))
    texts = []
    for e in entries:
        texts += [a.text for a in e.answers]
        texts += [a.text for a in e.actions]
        texts.append(e.supervisor_question)
    timed("identifier check", lambda: [scan(t, words) for t in texts])

    def kept_findings() -> None:
        # As the export reads them (scan_memo): a batch's kept findings in one query.
        # (On a journal with none kept this scans instead, and keeps nothing.)
        memo = reader.scan_memo(words)
        for start in range(0, len(entries), 500):
            batch = entries[start : start + 500]
            memo.expect(batch)
            for e in batch:
                memo.entry_labels(e)  # counted, as an export that does not anonymise

    if hasattr(reader, "scan_memo"):
        timed("check, kept findings", kept_findings)
    timed("export, all here", lambda: export_to_stream(reader, scope, io.BytesIO()))
    return took


def versus_jrnl(db: Path, rounds: int, before: Path | None = None) -> None:
    """The command against jrnl's, with the findings kept and with none kept (see the docstring)."""
    import shutil
    import sqlite3
    import tempfile
    from contextlib import closing

    sys.path.insert(0, str(Path(__file__).parents[2]))
    from tests.bench import compare

    folder = Path(tempfile.mkdtemp(prefix="reflect-export-versus-"))
    try:
        kept = folder / "kept.db"
        shutil.copyfile(db, kept)
        kept.chmod(0o600)
        empty = folder / "empty.db"
        reflect = [sys.executable, "-P", "-m", "reflect"]
        start, end = (d.isoformat() for d in compare.TERM)
        term = ["export", "--from", start, "--to", end, "-o", "-"]
        compare.run_quietly([*reflect, "--db", str(kept), *term])  # upgrades the copy, keeps all
        # As compare.versus_jrnl: jrnl's journal holds every entry; -from and -to pick the term.
        whole = folder / "whole.txt"
        compare.jrnl_entries(kept, whole)
        config = compare.jrnl_config(whole, folder / "jrnl.yaml")
        jrnl = str(Path(sys.executable).with_name("jrnl"))

        def emptied(n: int) -> list[str]:
            # A whole copy: the kept journal's log folded in first, the last copy's removed.
            with closing(sqlite3.connect(kept)) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            for leftover in (empty.with_name("empty.db-wal"), empty.with_name("empty.db-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(kept, empty)
            empty.chmod(0o600)
            with closing(sqlite3.connect(empty)) as conn:
                conn.execute("DELETE FROM identifier_scan")
                conn.commit()
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return [*reflect, "--db", str(empty), *term]

        sides = {
            "jrnl": lambda n: [jrnl, "--config-file", str(config), "-from", start, "-to",
                               end, "--format", "markdown"],
            "reflect, findings kept": lambda n: [*reflect, "--db", str(kept), *term],
            "reflect, none kept": emptied,
        }  # fmt: skip
        if before is not None:
            # An earlier checkout's code, reading JOURNAL itself (its export only reads).
            sides["reflect before"] = lambda n: [
                "env",
                f"PYTHONPATH={before}",
                *reflect,
                "--db",
                str(db),
                *term,
            ]
        times = compare.interleaved(sides, rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base = statistics.median(times["jrnl"])
    print(f"reflect export of the term against jrnl's, {rounds} rounds, wall seconds")
    for name, values in times.items():
        ratio = statistics.median(values) / base
        print(f"  {name:24} {compare.spread(values)}  {ratio:.2f}x jrnl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--versus-jrnl", action="store_true")
    parser.add_argument("--before", type=Path, help="with --versus-jrnl: an earlier checkout too")
    args = parser.parse_args()
    if args.versus_jrnl:
        versus_jrnl(args.db, args.runs, args.before)
        return 0
    if args.once:
        print(json.dumps(one_run(args.db)))
        return 0
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-P", __file__, "--db", str(args.db), "--once"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        runs.append(json.loads(out))
    import reflect

    print(f"{Path(reflect.__file__).parents[1]}, {args.runs} runs, CPU seconds, median")
    for phase in PHASES:
        values = [run[phase] for run in runs if phase in run]
        if values:
            low, high = min(values), max(values)
            print(f"  {phase:22} {statistics.median(values):.3f} ({low:.3f}-{high:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
