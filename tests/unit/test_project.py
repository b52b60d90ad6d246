"""The README's two commands, CI and the wheel agree with each other."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_readme_starts_with_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme.index("## Quick start") < readme.index(
        "\n## ", readme.index("## Quick start") + 1
    )
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert commands[0].endswith("reflect")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert quick_start_commands()[1] in ci.splitlines()
    assert "set -euo pipefail" in ci
    for check in ("ruff check", "ruff format --check", "mypy"):
        assert check in ci


def test_changelog_has_unreleased_section() -> None:
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()


@pytest.mark.slow
def test_wheel_ships_prompts_and_styles(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for set_id in ("relational", "gibbs", "driscoll", "kolb", "johns", "quick"):
        assert f"reflect/prompts/{set_id}.toml" in names
    assert {"reflect/tui/reflect.tcss", "reflect/tui/screens.tcss"} <= names
    assert {"reflect/data/cpd_requirement.toml", "reflect/data/frameworks.toml"} <= names
    assert not any(n.startswith("tests/") for n in names)
