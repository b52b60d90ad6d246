"""Shared fixtures. Every test runs with its own data and config folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary, load_library


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point Reflect's folders into the test's temporary folder."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("REFLECT_DB", raising=False)
    return tmp_path


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    j = Journal.open(journal_path)
    yield j
    j.close()


@pytest.fixture(scope="session")
def library() -> PromptLibrary:
    return load_library()


@pytest.fixture(scope="session")
def large_journal_path(tmp_path_factory: pytest.TempPathFactory, library: PromptLibrary) -> Path:
    """A 100,000-entry journal, built once per test run; tests that use it are marked slow."""
    from tests.scale import build_large_journal

    path = tmp_path_factory.mktemp("large") / "journal.db"
    assert build_large_journal(path, library) == 100_000
    return path
