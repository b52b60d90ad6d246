"""Like-for-like runs against jrnl, backups, sizes and peak memory, for tests/bench/run.py.

Every comparison runs both sides in one run, interleaved round by round (a
busy moment on the machine then hits each side alike), and keeps every
round's time so the table can show the median and the spread.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

TERM = (date(2025, 9, 1), date(2025, 12, 19))  # the autumn term of the sample's first year


def run_quietly(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def interleaved(
    sides: dict[str, Callable[[int], list[str]]], rounds: int
) -> dict[str, list[float]]:
    """Seconds per round for each side; ``sides`` map a name to the command for round n."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    for n in range(rounds):
        for name, command in sides.items():
            argv = command(n)
            started = time.perf_counter()
            run_quietly(argv)
            times[name].append(time.perf_counter() - started)
    return times


def spread(values: list[float]) -> str:
    """Median with the lowest and highest round, e.g. '0.412 s (0.398-0.455)'."""
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def jrnl_entries(db: Path, out: Path, start: date | None = None, end: date | None = None) -> int:
    """Write the complete entries of ``db`` (between the dates) as a jrnl text journal."""
    from reflect.core.journal import Journal
    from reflect.core.records import EntryFilter

    count = 0
    scope = EntryFilter(start=start, end=end, status="complete")
    with Journal.open(db, create=False) as j, out.open("w") as handle:
        for entry in j.iter_details(scope):
            body = "\n\n".join(a.text for a in entry.answers if a.text.strip())
            title = f"{entry.case_code} {entry.visit_type} visit."
            handle.write(f"[{entry.visit_date:%Y-%m-%d} 09:00] {title}\n{body}\n\n")
            count += 1
    return count


def jrnl_config(journal_file: Path, config: Path) -> Path:
    """A jrnl config whose default journal is ``journal_file``; plain output, no colour."""
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal_file}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.6\n"
    )
    return config


def versus_jrnl(
    jrnl: str, reflect_cmd: list[str], small: Path, big: Path, rounds: int
) -> dict[str, list[float]]:
    """Search, export and import, Reflect and jrnl side by side.

    - search: ``reflect search`` over ``big`` against ``jrnl -contains -n 20``
      over ``small``, 20 results each;
    - export: one term of ``small`` to Markdown, both;
    - import: that term's entries into an empty journal, both (Reflect reads
      its own archive, with the search index built as it goes; jrnl its own
      text format, which has no index).
    """
    start, end = (d.isoformat() for d in TERM)
    folder = Path(tempfile.mkdtemp(prefix="reflect-bench-"))
    try:
        whole = folder / "whole.txt"
        jrnl_entries(small, whole)
        config = jrnl_config(whole, folder / "jrnl.yaml")
        base = [jrnl, "--config-file", str(config)]
        term_txt = folder / "term.txt"
        jrnl_entries(small, term_txt, *TERM)
        # Markdown is for reading; what Reflect reads back is its archive.
        term_archive = folder / "term.archive"
        run_quietly(
            [*reflect_cmd, "--db", str(small), "export", "--format", "archive", "--from", start,
             "--to", end, "-o", str(term_archive)]
        )  # fmt: skip

        def fresh_jrnl(n: int) -> list[str]:
            target = folder / f"import-{n}.txt"
            target.write_text("")
            cfg = jrnl_config(target, folder / f"import-{n}.yaml")
            return [jrnl, "--config-file", str(cfg), "--import", "--file", str(term_txt)]

        times = interleaved(
            {
                "reflect_search": lambda n: [
                    *reflect_cmd, "--db", str(big), "search", "kitchen", "--limit", "20"
                ],
                "jrnl_search": lambda n: [*base, "-contains", "kitchen", "-n", "20"],
                "reflect_export": lambda n: [
                    *reflect_cmd, "--db", str(small), "export", "--from", start, "--to", end,
                    "-o", "-",
                ],
                "jrnl_export": lambda n: [
                    *base, "-from", start, "-to", end, "--format", "markdown"
                ],
                "reflect_import": lambda n: [
                    *reflect_cmd, "--db", str(folder / f"import-{n}.db"), "import",
                    str(term_archive)
                ],
                "jrnl_import": fresh_jrnl,
            },
            rounds,
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return times


def backup_figures(db: Path, rounds: int = 3) -> tuple[list[float], int, int]:
    """Seconds per backup of ``db``, the backup's bytes and the journal's bytes."""
    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal

    folder = Path(tempfile.mkdtemp(prefix="reflect-backup-"))
    seconds: list[float] = []
    size = 0
    try:
        with Journal.open(db, create=False) as j:
            for n in range(rounds):
                target = folder / f"b{n}.db"
                started = time.perf_counter()
                make_backup(j, target)
                seconds.append(time.perf_counter() - started)
                size = target.stat().st_size
                target.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return seconds, size, db.stat().st_size


def text_bytes(db: Path) -> int:
    """Bytes of everything the worker typed into answers (UTF-8)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        (total,) = conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM answer").fetchone()
    finally:
        conn.close()
    return int(total or 0)


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of one whole command, in MB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True
    ).stdout
    return int(out.split()[-1]) / 1024
