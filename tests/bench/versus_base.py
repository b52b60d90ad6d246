"""Export and import of one term against jrnl, this checkout and another (main) interleaved.

    python -m tests.bench.versus_base --base /path/to/main-checkout --db JOURNAL [--rounds 5]

The same commands as `compare.versus_jrnl` (the sample's autumn term to
Markdown on standard output; that term's archive into a new journal; jrnl's
export and import of the same entries), run round by round for three sides:
this checkout, the one at ``--base`` (with its own .venv) and jrnl. The
journal is only read; copy it first if in doubt. Prints each side's median
with its range, the ratios to jrnl, and whether both checkouts wrote the
same documents (Markdown, HTML, archive, and the Word file's document.xml;
the "Exported on" date is the same for both, as they run on the same day).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import statistics
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.bench.compare import TERM, interleaved, jrnl_config, jrnl_entries, run_quietly, spread

HERE = Path(__file__).resolve().parents[2]
Command = Callable[[int], list[str]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", type=Path, required=True, help="a checkout with its own .venv")
    parser.add_argument("--db", type=Path, required=True, help="the 10,000-entry sample")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    jrnl = shutil.which("jrnl", path=str(Path(sys.executable).parent))
    if jrnl is None:
        print("jrnl is not installed in this venv (pip install -e '.[bench]').")
        return 1
    # -P: not the current folder first on the path, or both sides would run
    # the checkout the command is started in.
    sides = {
        "branch": [str(HERE / ".venv/bin/python"), "-P", "-m", "reflect"],
        "base": [str(args.base / ".venv/bin/python"), "-P", "-m", "reflect"],
    }
    start, end = (d.isoformat() for d in TERM)
    folder = Path(tempfile.mkdtemp(prefix="reflect-versus-base-"))
    try:
        same = _same_documents(sides, args.db, folder, start, end)
        config = jrnl_config(folder / "whole.txt", folder / "jrnl.yaml")
        jrnl_entries(args.db, folder / "whole.txt")
        term_txt = folder / "term.txt"
        jrnl_entries(args.db, term_txt, *TERM)
        archive = folder / "branch.archive"  # the same bytes as base's (checked above)

        def export(side: str) -> Command:
            def command(n: int) -> list[str]:
                return [*sides[side], "--db", str(args.db), "export", "--from", start,
                        "--to", end, "-o", "-"]  # fmt: skip

            return command

        def import_(side: str) -> Command:
            def command(n: int) -> list[str]:
                target = str(folder / f"{side}-{n}.db")
                return [*sides[side], "--db", target, "import", str(archive)]

            return command

        def jrnl_export(n: int) -> list[str]:
            return [jrnl, "--config-file", str(config), "-from", start, "-to", end,
                    "--format", "markdown"]  # fmt: skip

        def jrnl_import(n: int) -> list[str]:
            target = folder / f"jrnl-{n}.txt"
            target.write_text("")
            cfg = jrnl_config(target, folder / f"jrnl-{n}.yaml")
            return [jrnl, "--config-file", str(cfg), "--import", "--file", str(term_txt)]

        commands: dict[str, Command] = {
            "export branch": export("branch"),
            "export base": export("base"),
            "export jrnl": jrnl_export,
            "import branch": import_("branch"),
            "import base": import_("base"),
            "import jrnl": jrnl_import,
        }
        times = interleaved(commands, args.rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for name, values in times.items():
        print(f"{name:14} {spread(values)}")
    for what in ("export", "import"):
        jrnl_median = statistics.median(times[f"{what} jrnl"])
        for side in ("branch", "base"):
            mine = times[f"{what} {side}"]
            ratios = [t / j for t, j in zip(mine, times[f"{what} jrnl"], strict=True)]
            print(
                f"{what} {side} / jrnl: {statistics.median(mine) / jrnl_median:.2f}x"
                f" (round by round {min(ratios):.2f}-{max(ratios):.2f})"
            )
    print("documents the same bytes: " + ", ".join(f"{k} {v}" for k, v in same.items()))
    return 0


def _same_documents(
    sides: dict[str, list[str]], db: Path, folder: Path, start: str, end: str
) -> dict[str, bool]:
    """Whether both checkouts write the same Markdown, HTML and archive of the term."""
    same: dict[str, bool] = {}
    for fmt, ext in (
        ("markdown", "md"),
        ("html", "html"),
        ("archive", "archive"),
        ("docx", "docx"),
    ):
        for side, command in sides.items():
            run_quietly([*command, "--db", str(db), "export", "--format", fmt, "--from", start,
                         "--to", end, "-o", str(folder / f"{side}.{ext}")])  # fmt: skip
        if fmt == "docx":  # the zip's times differ: compare the document's XML
            same[fmt] = _docx_text(folder / "branch.docx") == _docx_text(folder / "base.docx")
        else:
            same[fmt] = filecmp.cmp(folder / f"branch.{ext}", folder / f"base.{ext}", shallow=False)
    return same


def _docx_text(path: Path) -> bytes:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


if __name__ == "__main__":
    raise SystemExit(main())
