"""`reflect new --plain` stopped with ctrl+c says truly what was kept (review 22, item 6).

A terminal keeps a line until enter is pressed, so the line being typed when
ctrl+c comes never reaches Reflect. The reviewer typed "second line not yet
entered", pressed ctrl+c and read "Your draft is saved."; a paragraph typed on
one line then ctrl+c said "Nothing was written".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reflect.cli.common import Settings
from reflect.cli.plain import run_plain
from reflect.core.journal import Journal
from reflect.paths import Locations

TODAY = date(2026, 11, 27)
VISIT = ["", "CF-4511", "", ""]  # today, a case code, the first kind, the usual questions


def typed_then_ctrl_c(lines: list[str]) -> Iterator[str]:
    """What reaches Reflect: the lines ended with enter; then ctrl+c."""
    yield from lines
    raise KeyboardInterrupt


def run_until_ctrl_c(db: Path, answer_lines: list[str]) -> None:
    feed = typed_then_ctrl_c(VISIT + answer_lines)
    settings = Settings(Locations.resolve(db), journal_chosen=True)
    run_plain(settings, today=TODAY, read=lambda _prompt: next(feed))


def test_the_start_says_only_lines_ended_with_enter_are_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_until_ctrl_c(tmp_path / "j.db", [])
    start = " ".join(capsys.readouterr().out.split())
    assert "Each line is saved when you press enter" in start
    assert "a line not yet ended with enter is not kept" in start


def test_ctrl_c_after_a_line_says_the_line_being_typed_was_not_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "j.db"
    run_until_ctrl_c(db, ["First line, entered."])  # then "second line not yet entered", ctrl+c
    said = " ".join(capsys.readouterr().out.split())
    assert "Your draft is saved with every line you ended with enter" in said
    assert "a line you were still typing was not kept" in said
    with Journal.open(db) as journal:
        [draft] = journal.list_entries().items
    assert draft.first_words == "First line, entered."


def test_ctrl_c_before_any_line_was_ended_does_not_say_nothing_was_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "j.db"
    run_until_ctrl_c(db, [])  # a whole paragraph on one line, then ctrl+c
    said = " ".join(capsys.readouterr().out.split())
    assert "No line was ended with enter, so nothing was kept" in said
    assert "Nothing was written" not in said
    with Journal.open(db) as journal:
        assert journal.count_entries() == 0
