"""`reflect new --plain` on a Friday: "by friday" is next week's, and it says so.

Review 26, item 1: an action due "friday" typed on a Friday was taken as
today, and the command line echoed "(by 20 Nov 2026)" without the weekday.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reflect.cli.common import Settings
from reflect.cli.plain import run_plain
from reflect.core.journal import Journal
from reflect.core.prompts import load_library
from reflect.paths import Locations

FRIDAY = date(2026, 11, 20)


def test_by_friday_typed_on_a_friday_is_next_friday_and_is_shown_with_its_weekday(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = sorted(load_library().sets.values(), key=lambda s: s.name)
    quick = str([s.id for s in names].index("quick") + 1)
    lines = iter(
        [
            "",  # the visit date: today, a Friday
            "CF-4410",
            "",  # the first kind of visit
            quick,  # the quick check-in, by its place in the name-ordered menu
            "Kitchen table visit.",
            "",
            "Calm",
            "",
            "",  # what I need: skipped
            "Ring the school by friday",
            "Book the review by monday",
            "",
            "n",  # bring to supervision? no
            "y",  # save as complete
        ]
    )
    db = tmp_path / "j.db"
    settings = Settings(Locations.resolve(db), journal_chosen=True)
    run_plain(settings, today=FRIDAY, read=lambda _prompt: next(lines))
    said = capsys.readouterr().out
    assert "Action: Ring the school (by Friday 27 November 2026)" in said
    assert "Action: Book the review (by Monday 23 November 2026)" in said
    with Journal.open(db) as journal:
        [summary] = journal.list_entries().items
        entry = journal.get_entry(summary.id)
    assert [(a.text, a.due) for a in entry.actions] == [
        ("Ring the school", date(2026, 11, 27)),
        ("Book the review", date(2026, 11, 23)),
    ]
