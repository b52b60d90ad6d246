"""`reflect export` of a term to Markdown loads only what that export needs.

Each module here was once loaded up front by every export and is now
loaded only where it is used (tests/bench/export_phases.py times the
imports): TOML only for a settings file that exists (the title block) or a
bundled data file, importlib.resources only for a data file, shlex only for
import's advice, and never the app, SQLAlchemy, SQLModel or the web page's
Markdown parser.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Not loaded by a Markdown export of a term without export.toml.
KEPT_OUT = (
    "tomllib",
    "importlib.resources",
    "shlex",
    "textual",
    "sqlalchemy",
    "sqlmodel",
    "markdown_it",
)

EXPORT_AND_LIST = (
    "import sys\n"
    "from reflect.cli import cli\n"
    "cli.main(['--db', sys.argv[1], 'export', '--from', '2000-01-01', '--to', '2100-01-01',"
    " '-o', '-'], standalone_mode=False)\n"
    "sys.stdout.flush()\n"
    "print('LOADED', ','.join(sorted(sys.modules)), file=sys.stderr)\n"
)


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REFLECT_CONFIG_DIR": str(tmp_path / "config"),
        "REFLECT_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )


def _loaded_by_export(tmp_path: Path) -> set[str]:
    journal = tmp_path / "journal.db"
    if not journal.exists():
        made = _run(["-m", "reflect", "--db", str(journal), "sample", "--entries", "5"], tmp_path)
        assert made.returncode == 0, made.stderr
    result = _run(["-c", EXPORT_AND_LIST, str(journal)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "### " in result.stdout  # the entries were written
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED "))
    return set(line.removeprefix("LOADED ").split(","))


def test_a_markdown_export_loads_none_of_what_it_does_not_need(tmp_path: Path) -> None:
    loaded = _loaded_by_export(tmp_path)
    assert "reflect.core.export.markdown" in loaded
    assert not any(m == name or m.startswith(name + ".") for m in loaded for name in KEPT_OUT), (
        sorted(m for m in loaded if m.split(".")[0] in {n.split(".")[0] for n in KEPT_OUT})
    )


def test_a_title_block_is_still_read_when_there_is_one(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "export.toml").write_text('[title]\nname = "Sam Carter"\n', encoding="utf-8")
    loaded = _loaded_by_export(tmp_path)
    assert "tomllib" in loaded
    result = _run(
        ["-m", "reflect", "--db", str(tmp_path / "journal.db"), "export", "--from",
         "2000-01-01", "--to", "2100-01-01", "-o", "-"],
        tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Sam Carter" in result.stdout
