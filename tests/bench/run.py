"""Reflect's benchmarks: start-up, first rows, search as you type, search, export, memory, and jrnl.

    python -m tests.bench.run            # 1,000, 10,000 and 100,000 entries
    python -m tests.bench.run --quick    # 10,000 at most, under a minute once built
    python -m tests.bench.run --json results.json

Sample journals are built with ``reflect sample`` and kept in
tests/bench/.journals between runs. Figures are wall-clock medians on this
machine; each row names its target. This is not part of the test suite: timing
tests flake on a busy machine.

Reflect's modules are compiled to bytecode first, as installing a package
does. Start-up is compared with a bare Textual app that imports every library
module Reflect has loaded by its first frame. A fixed loop timed at the start
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
    # A journal kept from an older Reflect is upgraded now, not in a timed run.
    from reflect.core.journal import Journal

    Journal.open(path, create=False).close()
    return path


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
                    j.search(query[:end], limit=20)
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


def browse_first_rows(db: Path, runs: int = 5) -> list[float]:
    """From pressing b on the home screen to the browse list showing its first rows.

    Runs the real app headless (Textual's test driver) and polls the table
    every millisecond, so the figure includes the screen, the worker, the
    queries and filling the table.
    """
    import asyncio

    from textual.widgets import DataTable

    from reflect.core.journal import Journal
    from reflect.core.prompts import load_library
    from reflect.tui.app import ReflectApp

    async def once(journal: Journal) -> float:
        app = ReflectApp(journal, load_library())
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("b")
            while True:
                tables = app.screen.query("#entries")
                if tables and tables.first(DataTable).row_count:
                    return time.perf_counter() - started
                await asyncio.sleep(0.001)

    with Journal.open(db, create=False) as j:
        return [asyncio.run(once(j)) for _ in range(runs)]


def jrnl_journal(db: Path, folder: Path) -> Path:
    """The same entries as a jrnl journal, with a config file for it."""
    from reflect.core.journal import Journal

    text_path = folder / "journal.txt"
    with Journal.open(db, create=False) as j, text_path.open("w") as out:
        for entry in j.iter_details():
            body = "\n\n".join(a.text for a in entry.answers if a.text.strip())
            title = f"{entry.case_code} {entry.visit_type} visit."
            out.write(f"[{entry.visit_date:%Y-%m-%d} 09:00] {title}\n{body}\n\n")
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {text_path}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.6\n"
    )
    return config


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10,000 entries at most")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--runs", type=int, help="runs of each whole-process figure (5; 3 quick)")
    args = parser.parse_args()
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    big = 10_000 if args.quick else 100_000
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    dbs = {size: journal(size) for size in sizes}
    compile_bytecode()
    py = sys.executable
    # Whole-process figures run the installed command, as a person does
    # (python -m adds runpy's few milliseconds).
    script = Path(py).with_name("reflect")
    reflect_cmd = [str(script)] if script.exists() else [py, "-m", "reflect"]
    rows: list[tuple[str, str, str, str]] = []
    figures: dict[str, Any] = {"machine": f"{os.cpu_count()} cores", "sizes": sizes}

    def row(key: str, label: str, value: float, unit: str, target: str, ok: bool | None) -> None:
        figures[key] = round(value, 4)
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        shown = f"{value:.3f} {unit}" if unit == "s" else f"{value:.1f} {unit}"
        rows.append((label, shown, target, verdict))

    # This machine's speed drifts by a third or more within minutes (it is a
    # shared virtual machine): a fixed loop timed at the start and the end
    # shows how fast it was while the figures were taken.
    speed_before = machine_speed()
    # Time to the first frame (Textual's Ready event) from the probe's first
    # line, plus one interpreter start (python -c pass) on both sides.
    interpreter = median(timed([py, "-c", "pass"], args.runs))
    # The bare app imports every library module Reflect has loaded by its
    # first frame, so the ratio is what Reflect's own code and work add.
    modules = Path(tempfile.mkdtemp()) / "modules.txt"
    ready(py, "reflect", str(dbs[big]), "--modules", str(modules))
    # Alternate the runs, so a busy moment on the machine hits each alike.
    bare: list[float] = []
    core: list[float] = []
    app: list[float] = []
    # Fewer rounds in a quick run keep it under a minute.
    rounds = 7 if args.quick else max(9, args.runs)
    for _ in range(rounds):
        bare.append(interpreter + ready(py, "bare", "--imports", str(modules)))
        app.append(interpreter + ready(py, "reflect", str(dbs[big])))
        core.append(interpreter + ready(py, "bare"))
    shutil.rmtree(modules.parent)
    ratio = median(app) / median(bare)
    row(
        "startup_bare_s",
        "start-up to first frame, bare Textual app, same imports",
        median(bare),
        "s",
        "",
        None,
    )
    row(
        "startup_bare_core_s",
        "  the same, importing only SQLModel and Textual's app",
        median(core),
        "s",
        "",
        None,
    )
    row(
        "startup_reflect_s",
        f"start-up to first frame, Reflect ({big:,})",
        median(app),
        "s",
        "",
        None,
    )
    row("startup_ratio", "start-up ratio Reflect / bare", ratio, "x", "<= 1.3", ratio <= 1.3)
    core_ratio = median(app) / median(core)
    row(
        "startup_ratio_core",
        "  ratio to the bare app with fewer imports",
        core_ratio,
        "x",
        "",
        None,
    )
    filled = [interpreter + ready(py, "reflect", str(dbs[big]), "--rows") for _ in range(3)]
    row(
        "home_rows_s",
        f"start-up until the home lists are filled ({big:,})",
        median(filled),
        "s",
        "",
        None,
    )
    whole = timed([py, str(PROBE), "reflect", str(dbs[big])], args.runs)
    row(
        "startup_whole_s",
        "  the whole process: first frame, then exit",
        median(whole),
        "s",
        "",
        None,
    )
    page = first_page(dbs[big])
    row(
        "first_page_ms",
        f"first page of entries + count, queries only ({big:,})",
        median(page) * 1000,
        "ms",
        "",
        None,
    )
    browse = browse_first_rows(dbs[big], rounds)
    row(
        "browse_first_rows_ms",
        f"browse screen: b pressed to first rows shown ({big:,})",
        median(browse) * 1000,
        "ms",
        "<= 300 ms",
        median(browse) <= 0.3,
    )
    passes = search_as_you_type(dbs[big])
    typing = [t for one in passes for t in one]
    pass_p95 = sorted(p95(one) for one in passes)
    row(
        "search_typing_p50_ms",
        f"search as you type, median ({big:,})",
        median(typing) * 1000,
        "ms",
        "",
        None,
    )
    row(
        "search_typing_p95_ms",
        f"search as you type, p95 ({big:,}; median of {len(passes)} passes)",
        median(pass_p95) * 1000,
        "ms",
        "<= 50 ms",
        median(pass_p95) <= 0.05,
    )
    row(
        "search_typing_p95_worst_pass_ms",
        "  p95 of the slowest pass",
        pass_p95[-1] * 1000,
        "ms",
        "",
        None,
    )
    for size in sizes[1:]:
        t = timed([*reflect_cmd, "--db", str(dbs[size]), "search", "kitchen table"], args.runs)
        row(
            f"reflect_search_{size}_s",
            f"reflect search, whole process ({size:,})",
            median(t),
            "s",
            "",
            None,
        )
    export_t = timed(
        [
            *reflect_cmd,
            "--db",
            str(dbs[1_000]),
            "export",
            "--from",
            "2000-01-01",
            "--to",
            UNTIL.isoformat(),
            "-o",
            "-",
        ],
        args.runs,
    )
    version_t = timed([*reflect_cmd, "--version"], args.runs)
    work = median(export_t) - interpreter
    row("export_1000_s", "export of 1,000 entries, whole process", median(export_t), "s", "", None)
    row(
        "export_1000_work_s",
        "  of which beyond interpreter start (python -c pass)",
        work,
        "s",
        "<= 0.3 s",
        work <= 0.3,
    )
    row(
        "export_1000_beyond_cli_s",
        "  of which beyond reflect --version",
        median(export_t) - median(version_t),
        "s",
        "",
        None,
    )
    memory = peak_mb([py, str(PROBE), "reflect", str(dbs[big]), "--rows"])
    row(
        "peak_memory_mb",
        f"peak memory, app open on {big:,} entries",
        memory,
        "MB",
        "<= 200 MB",
        memory <= 200,
    )

    jrnl = shutil.which("jrnl") or str(Path(py).with_name("jrnl"))
    if Path(jrnl).exists():
        with tempfile.TemporaryDirectory() as folder:
            config = jrnl_journal(dbs[10_000], Path(folder))
            base = [jrnl, "--config-file", str(config)]
            jrnl_contains = timed([*base, "-contains", "kitchen"], max(3, args.runs // 2))
            jrnl_export = timed(
                [*base, "-from", "2025-09-01", "-to", "2025-12-19", "--format", "markdown"],
                max(3, args.runs // 2),
            )
        reflect_contains = figures[f"reflect_search_{big}_s"]
        reflect_export = median(
            timed(
                [
                    *reflect_cmd,
                    "--db",
                    str(dbs[10_000]),
                    "export",
                    "--from",
                    "2025-09-01",
                    "--to",
                    "2025-12-19",
                    "-o",
                    "-",
                ],
                max(3, args.runs // 2),
            )
        )
        row(
            "jrnl_contains_10000_s",
            "jrnl -contains, whole process (10,000)",
            median(jrnl_contains),
            "s",
            "",
            None,
        )
        row(
            "ratio_search_vs_jrnl",
            f"reflect search ({big:,}) / jrnl -contains (10,000)",
            reflect_contains / median(jrnl_contains),
            "x",
            "<= 0.5",
            reflect_contains / median(jrnl_contains) <= 0.5,
        )
        row(
            "jrnl_export_10000_s",
            "jrnl -from -to --format markdown (one term of 10,000)",
            median(jrnl_export),
            "s",
            "",
            None,
        )
        row(
            "reflect_export_10000_s",
            "reflect export --from --to (the same term)",
            reflect_export,
            "s",
            "",
            None,
        )
    else:
        rows.append(("jrnl", "not installed", "pip install -e '.[bench]'", ""))

    speed_after = machine_speed()
    row(
        "machine_loop_before_ms",
        "machine check: a fixed loop, at the start",
        speed_before,
        "ms",
        "",
        None,
    )
    row(
        "machine_loop_after_ms",
        "machine check: the same loop, at the end",
        speed_after,
        "ms",
        "",
        None,
    )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>12}  {'target':<40} ")
    for label, shown, target, verdict in rows:
        print(f"{label:<{width}}  {shown:>12}  {target:<40} {verdict}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
