"""The core never imports Textual, and importing Reflect does nothing."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import reflect.core
from reflect.tui import FRAMES_PER_SECOND


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


def _imports_of(source: str, modules: set[str]) -> set[str]:
    """Reflect's modules ``source`` imports, at the top or inside functions (not for typing)."""
    import ast

    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if "TYPE_CHECKING" in ast.unparse(node.test):
                for child in node.orelse:
                    self.visit(child)
                return
            self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.module.startswith("reflect"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(a.name for a in node.names)

    Visitor().visit(ast.parse(source))
    return found & modules


def import_cycles(package_root: Path) -> list[list[str]]:
    """Groups of reflect's modules that import one another in a circle (Tarjan's algorithm)."""
    files = {}
    for path in package_root.rglob("*.py"):
        name = ".".join(path.relative_to(package_root.parent).with_suffix("").parts)
        files[name.removesuffix(".__init__")] = path
    names = set(files)
    graph = {m: _imports_of(p.read_text(encoding="utf-8"), names) - {m} for m, p in files.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_imports_another_in_a_circle() -> None:
    """Not even through an import deferred into a function (issue 19: no import circles)."""
    assert import_cycles(Path(reflect.core.__file__).parent.parent) == []


def test_the_circle_check_finds_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "reflect"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from reflect import b\n")
    (package / "b.py").write_text("from reflect.a import f\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from reflect import a\n"
    )
    assert import_cycles(package) == [["reflect.a", "reflect.b"]]


def test_each_command_loads_only_its_own_module(tmp_path: Path) -> None:
    """`reflect search` never imports the modules of export, backups, CPD... (ReflectGroup)."""
    made = subprocess.run(
        [sys.executable, "-m", "reflect", "--db", str(tmp_path / "journal.db"), "sample",
         "--entries", "5"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    code = (
        "import sys\n"
        "from reflect.cli import cli\n"
        "cli.main(['--db', sys.argv[1], 'search', 'kitchen'], standalone_mode=False)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('reflect.cli.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "journal.db")],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.strip().splitlines()[-1].split(","))
    assert "reflect.cli.entries" in loaded
    others = {"backups", "cpd", "export", "privacy", "prompts", "safety", "terms", "year"}
    assert loaded.isdisjoint(f"reflect.cli.{name}" for name in others), loaded


def test_every_command_named_is_where_it_is_said_to_be() -> None:
    import click

    from reflect.cli import cli

    context = click.Context(cli)
    assert len(cli.lazy_commands) >= 20
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert isinstance(command, click.Command) and command.name == name, name


def test_the_screens_are_drawn_soon_after_a_change_unless_the_user_says_otherwise(
    tmp_path: Path,
) -> None:
    # The way the app starts (the command, then the app): Textual's frame
    # rate is read on its first import, so Reflect's must be set before it.
    code = (
        "import reflect.cli, reflect.cli.common\n"
        "from reflect.tui.app import ReflectApp\n"
        "from textual import constants, screen\n"
        "print(constants.MAX_FPS, round(1 / screen.UPDATE_PERIOD))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    chosen = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.split() == [str(FRAMES_PER_SECOND)] * 2
    users = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "TEXTUAL_FPS": "30"},
    )
    assert users.stdout.split() == ["30", "30"], users.stderr
