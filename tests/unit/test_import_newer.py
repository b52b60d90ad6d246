"""`reflect import --take-newer`: an entry edited on another computer comes back in place.

Without the option the journal's own version is kept and the report says how
to take the file's; with it, only a version saved later in the file than
here replaces the journal's, whole (answers, tags, actions), with the
journal's version kept in the entry's history, and all or nothing like the
rest of an import.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core.journal import Journal
from reflect.core.records import EntryFilter
from reflect.core.store import check_journal
from tests.unit.test_archive import entry
from tests.unit.test_import_rows import rows_of

EDITED = date(2026, 10, 2)


def run(db: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def moved_and_edited(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A first journal, a second made from its archive, and the second's archive after an edit.

    The entry of 2 October is edited on the second computer: its words, its
    tags (one kept, one gone, one new) and its actions (one gone, one new).
    """
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    with Journal.open(first) as journal:
        journal.add_records([entry("a" * 32, "Saw Mum."), entry("b" * 32, "Saw Dad.", when=EDITED)])
        (dad,) = [e for e in journal.iter_details() if e.visit_date == EDITED]
        journal.set_tags(dad.id, themes=["Hope", "Risk"])
    moved = tmp_path / "moved.jsonl"
    run(first, "export", "--format", "archive", "-o", str(moved))
    run(second, "import", str(moved))
    with Journal.open(second) as journal:
        (dad,) = [e for e in journal.iter_details() if e.visit_date == EDITED]
        journal.set_tags(dad.id, themes=["Hope", "Voice of the child"])
        for action in dad.actions:
            if not action.done:
                journal.remove_action(action.id)
        journal.add_action("Ring the school about Kestrel", entry_id=dad.id)
        journal.save_draft(dad.id, {"q0": "Saw Dad with the lodger, Mr Quill. Tense."})
    back = tmp_path / "back.jsonl"
    run(second, "export", "--format", "archive", "-o", str(back))
    return first, second, back


def dad_in(db: Path) -> tuple[object, ...]:
    with Journal.open(db) as journal:
        (dad,) = [e for e in journal.iter_details() if e.visit_date == EDITED]
        return (
            tuple((a.prompt_id, a.text) for a in dad.answers),
            dad.themes,
            dad.free_tags,
            tuple((a.text, a.due, a.done) for a in dad.actions),
            dad.supervisor_question,
        )


def test_a_newer_version_in_the_file_replaces_the_journals_whole(tmp_path: Path) -> None:
    first, second, back = moved_and_edited(tmp_path)
    before = dad_in(first)
    said = run(first, "import", "--take-newer", str(back))
    assert "Took the file's newer version of 02 Oct 2026 CF-9." in said
    assert "1 entry replaced by the file's newer version" in said
    assert "01 Oct 2026" not in said  # the other entry is the same on both sides
    assert "Quill" not in said and "Saw Dad" not in said  # dates and case codes, never text
    assert "read differently" not in said  # what was replaced no longer differs
    assert dad_in(first) == dad_in(second) != before
    _, themes, _, actions, _ = dad_in(first)
    # Replaced, not merged: the tag and the action taken away there are gone here too.
    assert themes == ("Hope", "Voice of the child")
    assert ("Saw Dad.", date(2026, 10, 9), False) not in actions
    assert ("Ring the school about Kestrel", None, False) in actions
    with Journal.open(first) as journal:
        # The search finds the new words, not the old ones that went.
        assert [hit.entry.visit_date for hit in journal.search("Quill")] == [EDITED]
        assert [hit.entry.visit_date for hit in journal.search("Risk")] == []
        (dad,) = [e for e in journal.iter_details() if e.visit_date == EDITED]
        # The journal's version is in the entry's history, and the entry moved on.
        (kept,) = journal.revisions(dad.id)
        assert [a.text for a in kept.answers] == ["Saw Dad.", "Saw Dad."]
        assert dad.revision == 1
        # The search index holds exactly what the entries hold (FTS5's own check).
        assert check_journal(journal.engine) == []
    assert "Took" not in run(first, "import", "--take-newer", str(back))  # once only


def test_without_the_option_the_journal_keeps_its_version_and_the_report_says_how(
    tmp_path: Path,
) -> None:
    first, _, back = moved_and_edited(tmp_path)
    before = rows_of(first)
    said = run(first, "import", str(back))
    assert "1 entry already in the journal read differently" in said
    assert "The file holds a newer version of 1 entry than the journal does." in said
    assert f"reflect --db {first} import --take-newer {back}" in said
    assert rows_of(first) == before


def test_a_version_here_saved_later_or_at_the_same_time_is_never_replaced(
    tmp_path: Path,
) -> None:
    first, _, back = moved_and_edited(tmp_path)
    # Edited here after the second computer's edit: the journal's is the newer one.
    with Journal.open(first) as journal:
        (dad,) = [e for e in journal.iter_details() if e.visit_date == EDITED]
        journal.save_draft(dad.id, {"q1": "Edited here, later."})
    later_here = rows_of(first)
    said = run(first, "import", "--take-newer", str(back))
    assert "Took" not in said and "replaced" not in said and "newer version" not in said
    assert rows_of(first) == later_here
    # The same time on both sides, different words (an archive edited by hand): not taken.
    with Journal.open(first) as journal:
        (dad,) = [e for e in journal.iter_details() if e.visit_date == EDITED]
    lines = back.read_text(encoding="utf-8").splitlines()
    same_time = []
    for line in lines:
        data = json.loads(line)
        if "entry" in data and data["entry"]["visit_date"] == EDITED.isoformat():
            data["entry"]["updated_at"] = dad.updated_at.isoformat()
            line = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
        same_time.append(line)
    assert same_time != lines
    hand_made = tmp_path / "same-time.jsonl"
    hand_made.write_text("\n".join(same_time) + "\n", encoding="utf-8")
    said = run(first, "import", "--take-newer", str(hand_made))
    assert "Took" not in said and "read differently" in said
    assert rows_of(first) == later_here


def test_a_damaged_file_takes_nothing_even_with_the_option(tmp_path: Path) -> None:
    first, _, back = moved_and_edited(tmp_path)
    before = rows_of(first)
    lines = back.read_text(encoding="utf-8").splitlines()
    # The newer entry is read (and would be replaced) before the cut is found.
    assert any('"visit_date":"2026-10-02"' in line for line in lines[:-1])
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    said = run(first, "import", "--take-newer", str(cut), code=1)
    assert "is incomplete" in said
    assert rows_of(first) == before


@pytest.mark.parametrize("hours", [-1, 0, 1])
def test_only_a_strictly_later_save_is_taken_through_the_service(
    tmp_path: Path, hours: int
) -> None:
    from reflect.core.importer import import_file

    when = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    target = tmp_path / "j.db"
    with Journal.open(target) as journal:
        journal.add_records([entry("c" * 32, "As it was.")])
    archive = tmp_path / "later.jsonl"
    with Journal.open(tmp_path / "other.db") as other:
        # An hour before, the same minute as, or an hour after the journal's save.
        newer = entry("c" * 32, "As it is now.")._replace(updated_at=when.replace(hour=9 + hours))
        other.add_records([newer])
    run(tmp_path / "other.db", "export", "--format", "archive", "-o", str(archive))
    with Journal.open(target) as journal:
        result = import_file(journal, archive, take_newer=True)
        (kept,) = journal.iter_details(EntryFilter())
    taken = hours > 0
    assert result.entries_replaced == ((date(2026, 10, 1), "CF-9"),) * taken
    assert result.entries_differing == ((date(2026, 10, 1), "CF-9"),) * (not taken)
    assert kept.answers[0].text == ("As it is now." if taken else "As it was.")
