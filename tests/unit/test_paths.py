"""Locations: precedence, privacy, and nothing created until asked."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reflect.paths import Locations, make_private_dir


def test_defaults_use_platformdirs(tmp_path: Path) -> None:
    loc = Locations.resolve(env={})
    assert loc.journal.name == "journal.db"
    assert loc.journal.parent == loc.data_dir
    assert "reflect" in str(loc.data_dir).lower()
    assert loc.backups_dir == loc.data_dir / "backups"


def test_db_flag_beats_environment(tmp_path: Path) -> None:
    env = {"REFLECT_DB": str(tmp_path / "env.db"), "REFLECT_DATA_DIR": str(tmp_path / "d")}
    assert Locations.resolve(env=env).journal == tmp_path / "env.db"
    assert Locations.resolve(tmp_path / "flag.db", env=env).journal == tmp_path / "flag.db"
    assert Locations.resolve(env={"REFLECT_DATA_DIR": str(tmp_path / "d")}).journal == (
        tmp_path / "d" / "journal.db"
    )


def test_resolving_creates_nothing(tmp_path: Path) -> None:
    env = {"REFLECT_DATA_DIR": str(tmp_path / "d"), "REFLECT_CONFIG_DIR": str(tmp_path / "c")}
    Locations.resolve(env=env)
    assert list(tmp_path.iterdir()) == []


def test_private_folders(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        make_private_dir(tmp_path / "a" / "b")
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
