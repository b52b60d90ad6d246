"""A process saving entries is killed at random moments; nothing it acknowledged is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.stress.kill_cycles import run_cycles


@pytest.mark.slow
def test_sigkill_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    outcome = run_cycles(tmp_path / "journal.db", cycles=6, seed=3)
    assert outcome.acknowledged > 0, "the writer never got going: the test proves nothing"
    assert outcome.damaged == []
    assert outcome.missing == []
    # entries killed before their acknowledgement may exist too, never fewer
    assert outcome.entries_in_journal >= outcome.acknowledged
