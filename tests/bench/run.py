"""Reflect's benchmarks, as the user feels them: start-up, browse, search as you type,
jrnl side by side, backups, sizes and memory.

    python -m tests.bench.run            # 10,000 and 100,000 entries
    python -m tests.bench.run --quick    # 10,000 only, under two minutes once built
    python -m tests.bench.run --json results.json

Sample journals are built with ``reflect sample`` and kept in
tests/bench/.journals between runs. Screen figures come from the real browse
screen driven headless (tests/bench/screen.py); comparisons with jrnl run both
sides interleaved, round by round (tests/bench/compare.py). Figures are
medians with their spread; each row names its goal. This is not part of the
test suite: timing tests flake on a busy machine.

Reflect's modules are compiled to bytecode first, as installing a package
does, and each sample journal is read through once, so that every run starts
with the file in the system's cache, as a journal in daily use is: a journal
just built or copied was found only partly cached, and searches then waited on
the disk for some keys and not others (`warm`). Start-up is compared with a
bare Textual app that imports every library module Reflect has loaded by its
first frame. A fixed loop timed at the start
and the end shows how fast the machine was meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from reflect.core.backup import BackupPolicy
from tests.bench import compare

HERE = Path(__file__).resolve().parent
JOURNALS = HERE / ".journals"
UNTIL = date(2026, 11, 20)
PROBE = HERE / "startup_probe.py"
QUERIES = [
    "kitchen",
    "school attendance",
    "partner",
    "supervision",
    "conference",
    "garden",
    "judgement",
    "tired",
    "money worries",
    "health visitor",
]


def journal(size: int) -> Path:
    """A sample journal of ``size`` entries, built once and kept."""
    JOURNALS.mkdir(exist_ok=True)
    path = JOURNALS / f"sample-{size}.db"
    if not path.exists():
        print(f"building a {size:,}-entry sample journal (kept for next time)...", file=sys.stderr)
        temp = path.with_suffix(".building")
        temp.unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reflect",
                "--db",
                str(temp),
                "sample",
                "--entries",
                str(size),
                "--seed",
                "1",
                "--until",
                UNTIL.isoformat(),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        temp.rename(path)
    # A journal kept from an older Reflect is upgraded now, not in a timed run,
    # and given the rankings the app keeps ahead for a large journal (made
    # by `reflect sample`, and by the app when it is idle after a change).
    from reflect.core.journal import Journal

    with Journal.open(path, create=False) as opened:
        if not opened.rankings_kept():
            print(f"keeping rankings ahead in the {size:,}-entry journal...", file=sys.stderr)
            started = time.perf_counter()
            opened.keep_rankings()
            KEPT_MADE[size] = time.perf_counter() - started
    return path


# Seconds spent making the kept rankings of a journal in this run, by size.
KEPT_MADE: dict[int, float] = {}


def compile_bytecode() -> None:
    """Compile Reflect's modules, as installing a package does.

    Python then loads them without compiling their source on every start,
    also where PYTHONDONTWRITEBYTECODE keeps it from saving what it compiles
    (as on this project's development machine).
    """
    import compileall

    import reflect

    compileall.compile_dir(Path(reflect.__file__).parent, quiet=1)


def machine_speed() -> float:
    """Milliseconds for a fixed pure-Python loop (median of 5): lower is a faster machine."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def timed(command: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of a whole process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        times.append(time.perf_counter() - started)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ready(py: str, *args: str) -> float:
    """Seconds from the probe's start to its app's first frame."""
    out = subprocess.run([py, str(PROBE), *args], check=True, capture_output=True, text=True).stdout
    found = re.search(r"ready_s ([0-9.]+)", out)
    if not found:
        raise RuntimeError(f"the start-up probe printed no time: {out!r}")
    return float(found.group(1))


def peak_mb(command: list[str]) -> float:
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    found = re.search(r"peak_kb (\d+)", out)
    return int(found.group(1)) / 1024 if found else float("nan")


def warm(path: Path) -> None:
    """Read ``path`` through once, so that its pages are in the system's cache."""
    with path.open("rb") as whole:
        while whole.read(1 << 20):
            pass


def search_as_you_type(db: Path, passes: int = 3) -> list[list[float]]:
    """Latency of each keystroke's search, as the browse screen will issue them.

    Twenty results a keystroke: about what a browse list shows at 80x24.
    One list of latencies per pass over the queries: a single pause of the
    machine moves one pass's 95th percentile, not the median of three.
    """
    from reflect.core.journal import Journal

    runs = []
    with Journal.open(db, create=False) as j:
        j.search("warm up")
        for _ in range(passes):
            latencies = []
            for query in QUERIES:
                for end in range(1, len(query) + 1):
                    started = time.perf_counter()
                    # As the browse screen asks at 100x30: the rows in view and one more.
                    j.search(query[:end], limit=23)
                    latencies.append(time.perf_counter() - started)
            runs.append(latencies)
    return runs


def first_page(db: Path) -> list[float]:
    """The first page of entries and the count, as the home and browse lists ask for them."""
    from reflect.core.journal import Journal

    times = []
    with Journal.open(db, create=False) as j:
        for _ in range(5):
            started = time.perf_counter()
            j.list_entries(limit=50)
            j.count_entries()
            times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10,000 entries only")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--rounds", type=int, help="interleaved rounds of each comparison")
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 5)
    run_started = time.perf_counter()
    sizes = [10_000] if args.quick else [10_000, 100_000]
    big = sizes[-1]
    dbs = {size: journal(size) for size in sizes}
    compile_bytecode()
    for path in dbs.values():
        warm(path)
    py = sys.executable
    # Whole-process figures run the installed command, as a person does.
    script = Path(py).with_name("reflect")
    reflect_cmd = [str(script)] if script.exists() else [py, "-m", "reflect"]
    rows: list[tuple[str, str, str, str]] = []
    figures: dict[str, Any] = {"machine": f"{os.cpu_count()} cores", "sizes": sizes}
    figures["entries"] = big

    def row(key: str, label: str, value: float, unit: str, target: str, ok: bool | None) -> None:
        figures[key] = round(value, 4)
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        shown = f"{value:.3f} {unit}" if unit in ("s", "x") else f"{value:.1f} {unit}"
        rows.append((label, shown, target, verdict))

    def note(label: str, shown: str) -> None:
        rows.append((label, shown, "", ""))

    # This machine is shared: a fixed loop timed at the start and the end
    # shows how fast it was while the figures were taken.
    speed_before = machine_speed()

    # -- start-up to the first frame, against a bare app with the same imports
    interpreter = median(timed([py, "-c", "pass"], rounds))
    modules = Path(tempfile.mkdtemp()) / "modules.txt"
    ready(py, "reflect", str(dbs[big]), "--modules", str(modules))
    bare: list[float] = []
    app: list[float] = []
    for _ in range(max(5, rounds + 2)):
        bare.append(interpreter + ready(py, "bare", "--imports", str(modules)))
        app.append(interpreter + ready(py, "reflect", str(dbs[big])))
    shutil.rmtree(modules.parent)
    note("start-up to first frame, bare app with the same imports", _spread(bare))
    note(f"start-up to first frame, Reflect ({big:,})", _spread(app))
    ratio = median(app) / median(bare)
    row("startup_ratio", "start-up ratio Reflect / bare", ratio, "x", "<= 1.2", ratio <= 1.2)

    # -- what the user sees on the browse screen, at every size
    from tests.bench import screen

    note("the screens may be drawn, after a change, up to", f"{screen.frame_rate()} a second")
    for size in sizes:
        suffix = "" if size == big else f"_{size}"
        browse = screen.browse_first_rows(dbs[size], max(3, rounds))
        row(
            f"browse_first_rows_ms{suffix}",
            f"browse: b pressed to first rows drawn ({size:,}; spread {_ms(browse)})",
            median(browse) * 1000,
            "ms",
            "<= 250 ms" if size == big else "",
            median(browse) <= 0.25 if size == big else None,
        )
        passes = screen.search_as_you_type(dbs[size], 2 if args.quick else 3)
        keys = [t for one in passes for t in one]
        pass_p95 = sorted(p95(one) for one in passes)
        row(
            f"sayt_screen_p50_ms{suffix}",
            f"search as you type, key to rows drawn, median ({size:,})",
            median(keys) * 1000,
            "ms",
            "",
            None,
        )
        row(
            f"sayt_screen_p95_ms{suffix}",
            f"  p95 (median of {len(passes)} passes; slowest pass {pass_p95[-1] * 1000:.0f} ms)",
            median(pass_p95) * 1000,
            "ms",
            "<= 50 ms" if size == big else "",
            median(pass_p95) <= 0.05 if size == big else None,
        )
    # Just after a change to an entry, until the app has been idle long
    # enough to make them again, search ranks every match: that case too.
    from reflect.core.kept_rankings import KeptLookup

    kept_get = KeptLookup.get
    KeptLookup.get = lambda self, phrase: None  # type: ignore[method-assign]
    try:
        unkept = screen.search_as_you_type(dbs[big], 1)[0]
    finally:
        KeptLookup.get = kept_get  # type: ignore[method-assign]
    row(
        "sayt_screen_p95_ms_unkept",
        f"  p95 just after a change, every match ranked ({big:,}; one pass)",
        p95(unkept) * 1000,
        "ms",
        "",
        None,
    )
    query_only = [t for one in search_as_you_type(dbs[big], 2) for t in one]
    row(
        "sayt_query_p95_ms",
        f"  of which the database query alone, p95 ({big:,})",
        p95(query_only) * 1000,
        "ms",
        "",
        None,
    )
    for size, seconds in KEPT_MADE.items():
        note(f"kept rankings made for this run ({size:,})", f"{seconds:.1f} s")

    # -- jrnl, like for like, interleaved
    jrnl = shutil.which("jrnl") or str(Path(py).with_name("jrnl"))
    if Path(jrnl).exists():
        vs = compare.versus_jrnl(jrnl, reflect_cmd, dbs[10_000], dbs[big], rounds)
        for what, goal, label in (
            ("search", 0.3, f"reflect search ({big:,}) / jrnl -contains -n 20 (10,000)"),
            ("export", 0.4, "export of one term (10,000): reflect / jrnl"),
            ("import", 1.0, "import of that term's entries: reflect / jrnl"),
        ):
            mine, theirs = vs[f"reflect_{what}"], vs[f"jrnl_{what}"]
            note(f"  reflect {what}", compare.spread(mine))
            note(f"  jrnl {what}", compare.spread(theirs))
            value = median(mine) / median(theirs)
            row(f"{what}_ratio_jrnl", label, value, "x", f"<= {goal}", value <= goal)
    else:
        rows.append(("jrnl", "not installed", "pip install -e '.[bench]'", ""))

    # -- storage: the journal, its backups
    seconds, backup_size, journal_size = compare.backup_figures(dbs[big])
    typed = compare.text_bytes(dbs[big])
    row(
        "journal_mb_per_1000",
        f"journal file per 1,000 entries ({big:,})",
        journal_size / 1e6 / (big / 1000),
        "MB",
        "",
        None,
    )
    row(
        "text_mb_per_1000",
        "  of which typed text (answers, UTF-8)",
        typed / 1e6 / (big / 1000),
        "MB",
        "",
        None,
    )
    bytes_ratio = backup_size / journal_size
    row(
        "backup_bytes_ratio",
        f"one backup / the journal ({backup_size / 1e6:.0f} of {journal_size / 1e6:.0f} MB)",
        bytes_ratio,
        "x",
        "<= 0.4",
        bytes_ratio <= 0.4,
    )
    kept = BackupPolicy().daily + BackupPolicy().weekly
    row(
        "backups_kept_ratio",
        f"all backups the default policy keeps ({kept}) / the journal",
        kept * bytes_ratio,
        "x",
        "<= 3",
        kept * bytes_ratio <= 3,
    )
    # Issue 18 sets the 2 s goal at 10,000 entries: at a larger size the row
    # is a figure, and the 10,000 row below carries the goal.
    at_goal_size = big == 10_000
    row(
        "backup_seconds",
        f"making one backup ({big:,}; spread {_ms(seconds)})",
        median(seconds),
        "s",
        "<= 2 s" if at_goal_size else "",
        median(seconds) <= 2 if at_goal_size else None,
    )
    if big != 10_000:  # issue 18 sets the goal at 10,000 entries
        small_seconds, _size, _journal = compare.backup_figures(dbs[10_000])
        row(
            "backup_seconds_10000",
            f"making one backup (10,000; spread {_ms(small_seconds)})",
            median(small_seconds),
            "s",
            "<= 2 s",
            median(small_seconds) <= 2,
        )

    # -- peak memory of every command, the largest journal
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "all.md"
        commands = {
            "app open, home lists filled": [py, str(PROBE), "reflect", str(dbs[big]), "--rows"],
            "export of every entry": [
                *reflect_cmd, "--db", str(dbs[big]), "export", "--from", "2000-01-01",
                "--to", UNTIL.isoformat(), "--include-drafts", "-o", str(out),
            ],
            "search": [*reflect_cmd, "--db", str(dbs[big]), "search", "the", "--limit", "100"],
            "check": [*reflect_cmd, "--db", str(dbs[big]), "check"],
            "backup": [
                *reflect_cmd, "--db", str(dbs[big]), "backup", "--to", str(Path(folder) / "b.db")
            ],
            # That backup put back as a new journal (built, checked, search index rebuilt).
            "restore": [
                *reflect_cmd, "--db", str(Path(folder) / "restored.db"), "restore",
                str(Path(folder) / "b.db"), "--yes",
            ],
        }  # fmt: skip
        peaks = {name: compare.peak_rss_mb(command) for name, command in commands.items()}
        exported = out.stat().st_size
    for name, value in peaks.items():
        note(f"  peak memory: {name}", f"{value:.0f} MB")
    note("  (the export written)", f"{exported / 1e6:.0f} MB")
    worst = max(peaks.values())
    row("peak_rss_mb", f"peak memory, worst command ({big:,})", worst, "MB", "<= 200", worst <= 200)

    speed_after = machine_speed()
    row("machine_loop_before_ms", "machine check: a fixed loop, at the start", speed_before, "ms",
        "", None)  # fmt: skip
    row("machine_loop_after_ms", "machine check: the same loop, at the end", speed_after, "ms",
        "", None)  # fmt: skip
    row("run_seconds", "the whole run, journals already built", time.perf_counter() - run_started,
        "s", "<= 120 s" if args.quick else "", time.perf_counter() - run_started <= 120
        if args.quick else None)  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>26}  {'target':<10}")
    for label, shown, target, verdict in rows:
        print(f"{label:<{width}}  {shown:>26}  {target:<10} {verdict}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


def _spread(values: list[float]) -> str:
    return f"{median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def _ms(values: list[float]) -> str:
    return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
