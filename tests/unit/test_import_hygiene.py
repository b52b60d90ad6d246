"""The core never imports Textual, and importing Reflect does nothing."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import reflect.core


def run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_core_never_imports_textual(tmp_path: Path) -> None:
    modules = [m.name for m in pkgutil.iter_modules(reflect.core.__path__, "reflect.core.")]
    assert "reflect.core.journal" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_core_source_has_no_textual_import() -> None:
    for path in Path(reflect.core.__path__[0]).glob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            assert not stripped.startswith(("import textual", "from textual")), path


def test_importing_reflect_touches_no_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import os\n"
        f"os.environ['HOME'] = {str(home)!r}\n"
        "os.environ.pop('XDG_DATA_HOME', None); os.environ.pop('XDG_CONFIG_HOME', None)\n"
        "import reflect, reflect.cli, reflect.paths, reflect.core.journal, reflect.tui.app\n"
        "import sys; print('sqlalchemy' in sys.modules)\n"
    )
    result = run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []


def test_cli_module_defers_heavy_imports(tmp_path: Path) -> None:
    result = run(
        "import sys, reflect.cli; print(any(m.startswith(('textual', 'sqlalchemy', 'sqlmodel'))"
        " for m in sys.modules))",
        tmp_path,
    )
    assert result.stdout.strip() == "False", result.stderr
