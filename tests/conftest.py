"""Shared fixtures. Every test runs with its own data and config folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
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


SampleCopy = Callable[[Path, int, int], Path]


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory: pytest.TempPathFactory, library: PromptLibrary) -> SampleCopy:
    """``sample_copy(path, entries, seed)`` puts a sample journal at ``path``.

    Each (entries, seed) is written with `fill_journal` once per run and then
    copied: the copies hold the same entries a fresh fill would (only the CPD
    records' random ids and times differ, as between two fills), and each
    test still has a journal file of its own to change.
    """
    from reflect.core.sample import fill_journal
    from tests.helpers import TODAY

    built: dict[tuple[int, int], Path] = {}

    def copy_to(path: Path, entries: int, seed: int) -> Path:
        if (entries, seed) not in built:
            template = tmp_path_factory.mktemp(f"sample-{entries}-{seed}") / "journal.db"
            with Journal.open(template) as journal:
                fill_journal(journal, library, entries, seed=seed, until=TODAY)
            built[entries, seed] = template
        # With its permission bits: Reflect makes a journal private, and a
        # copy readable by others would make the app say so on screen.
        shutil.copy(built[entries, seed], path)
        return path

    return copy_to


@pytest.fixture(scope="session")
def large_journal_path(tmp_path_factory: pytest.TempPathFactory, library: PromptLibrary) -> Path:
    """A 100,000-entry journal, built once per test run; tests that use it are marked slow."""
    from tests.scale import build_large_journal

    path = tmp_path_factory.mktemp("large") / "journal.db"
    assert build_large_journal(path, library) == 100_000
    return path


def pytest_configure(config: pytest.Config) -> None:
    """Let Pilot notice sooner that the app is idle.

    After every key press Pilot sleeps in steps of 20 ms until the process
    has used almost no CPU for a whole step. The same test with 5 ms steps
    waits for the same thing (the app's queues empty and no CPU used) but
    wastes less time between keys; the Pilot tests take about half as long.
    """
    import textual._wait

    textual._wait.SLEEP_GRANULARITY = 1 / 200
    textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20
