"""Counts at the command line and in the core say "1 entry", "2 entries", never "1 entries".

Round 21: about twenty messages built their plurals by hand; they now go
through `counted`. Each is run here with one and with two of what it counts
(and none where a message says none), through the real command where there
is one.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core.cpd import CpdFields
from reflect.core.identifier_check import check_note, locate
from reflect.core.journal import Journal
from reflect.core.privacy import describe_counts
from reflect.core.sessions import SessionContent
from tests.helpers import TODAY, new_draft

ENTRY = {1: "1 entry", 2: "2 entries"}


def run(db: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def cpd_fields(title: str, day: date = TODAY) -> CpdFields:
    return CpdFields(
        title=title,
        cpd_type="Course or training",
        description="A day on neglect.",
        activity_date=day,
        learnt="It builds slowly.",
        impact="I compare visits.",
    )


def journal_of(path: Path, n: int, drafts: bool = True) -> Path:
    """``n`` of each: flagged entries (one case), sessions, CPD records (and drafts), words."""
    with Journal.open(path) as journal:
        for i in range(n):
            entry = new_draft(journal, "CF-2001", day=TODAY - timedelta(days=i))
            journal.save_draft(entry.id, {"context": "We met at the kitchen table."})
            journal.update_entry(entry.id, flagged=True, supervisor_question="What next?")
            journal.complete(entry.id)
            content = SessionContent(TODAY - timedelta(days=i), notes="Talked it through.")
            draft = journal.start_session_draft(content)
            journal.record_session(draft.id, content)
            record = journal.create_cpd(cpd_fields(f"Course {i}"))
            journal.complete_cpd(record.id, cpd_fields(f"Course {i}"))
            if drafts:
                journal.create_cpd(cpd_fields(f"Draft {i}"))
            journal.add_word("flag", f"Kowalczyk{'ab'[i]}")
    return path


@pytest.mark.parametrize("n", [1, 2])
def test_export_import_backup_and_agenda_count_what_they_did(tmp_path: Path, n: int) -> None:
    db = journal_of(tmp_path / "journal.db", n)
    sessions = {1: "1 supervision session", 2: "2 supervision sessions"}[n]
    records = {1: "1 CPD record", 2: "2 CPD records"}[n]
    year = ("--registration-year", "2025-26")
    said = run(db, "export", *year, "-o", str(tmp_path / "out.md"))
    assert f"Exported {ENTRY[n]} and {sessions} to" in said
    said = run(db, "export", *year, "--format", "cpd", "-o", str(tmp_path / "out.txt"))
    assert f"Exported {records} to" in said
    # An archive holds CPD drafts too: one made from a journal without them.
    whole = journal_of(tmp_path / "no-drafts.db", n, drafts=False)
    run(whole, "export", "--format", "archive", "-o", str(tmp_path / "all.jsonl"))
    said = run(tmp_path / "new.db", "import", str(tmp_path / "all.jsonl"))
    words = {1: "1 word", 2: "2 words"}[n]
    assert (
        f"Imported {ENTRY[n]} (0 already in the journal), {sessions}, {records} "
        f"(0 already in the journal) and {words} for the scanner's lists." in said
    )
    said = run(db, "backup", "--to", str(tmp_path / "copy.db"))
    assert f"Backed up {ENTRY[n]} to" in said
    said = run(db, "supervision", "agenda", "-o", str(tmp_path / "agenda.md"))
    assert f"Wrote an agenda of {ENTRY[n]} to" in said
    assert f"CF-2001: {ENTRY[n]}" in run(db, "case", "CF-2001")


@pytest.mark.parametrize("n", [1, 2])
def test_cpd_status_counts_records_drafts_and_days(tmp_path: Path, n: int) -> None:
    db = journal_of(tmp_path / "journal.db", n)
    # 30 November itself counts: on the 30th, 1 day is left; on the 29th, 2.
    said = run(db, "cpd", "status", "--on", f"{date(2026, 12, 1) - timedelta(days=n)}")
    complete = {1: "1 complete CPD record of", 2: "2 complete CPD records of"}[n]
    drafts = {1: "1 draft not finished yet.", 2: "2 drafts not finished yet."}[n]
    days = {1: "1 day left to 30 November.", 2: "2 days left to 30 November."}[n]
    assert complete in said and drafts in said and days in said


@pytest.mark.parametrize("n", [1, 2])
def test_sample_refuses_a_journal_with_real_entries_and_counts_them(tmp_path: Path, n: int) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(journal_of(tmp_path / "j.db", n)), "sample", "--entries", "1"]
    )
    assert result.exit_code != 0
    held = {1: "holds 1 entry that is not invented", 2: "holds 2 entries that are not invented"}
    assert held[n] in result.stderr


@pytest.mark.parametrize(
    ("problems", "said"), [(1, "has 1 problem."), (2, "has 2 problems.")], ids=["one", "two"]
)
def test_prompts_check_counts_problems_and_steps(tmp_path: Path, problems: int, said: str) -> None:
    good = tmp_path / "good.toml"
    good.write_text(
        'id = "mine"\nname = "Mine"\nversion = "1"\ndescription = "A set."\n\n'
        '[[prompts]]\nid = "one"\nquestion = "What happened?"\n'
    )
    result = CliRunner().invoke(cli, ["prompts", "check", str(good)])
    assert "with 1 step." in result.output  # it said "with 1 steps."
    bad = tmp_path / "bad.toml"
    # No description: one problem; no name either: two.
    head = 'id = "mine"\nversion = "1"\n' + ('name = "Mine"\n' if problems == 1 else "")
    bad.write_text(head + '\n[[prompts]]\nid = "one"\nquestion = "What happened?"\n')
    result = CliRunner().invoke(cli, ["prompts", "check", str(bad)])
    assert result.exit_code != 0 and said in result.stderr


def test_the_identifier_checks_count_says_one_thing_and_two_things() -> None:
    one = locate([("Notes", "Ring 07700 900123.")])
    two = locate([("Notes", "Ring 07700 900123 or 07700 900456.")])
    assert "Please check before saving: 1 thing that may identify someone." in check_note(one)
    assert "Please check before saving: 2 things that may identify someone." in check_note(two)


def test_kinds_of_identifier_are_counted_with_their_own_plurals() -> None:
    from reflect.core.privacy import KIND_LABELS, LABEL_PLURALS

    counts = Counter({"street address": 2, "date of birth": 2, "email address": 1})
    said = describe_counts(counts)
    # Adding an s made "street addresss" and "date of births".
    assert said == "2 street addresses, 2 dates of birth and 1 email address"
    assert describe_counts(Counter({"date of birth": 1})) == "1 date of birth"
    assert set(LABEL_PLURALS) == set(KIND_LABELS.values())


@pytest.mark.parametrize("n", [1, 2])
def test_the_notes_after_a_change_of_encryption_count_backups_and_copies(n: int) -> None:
    from reflect.cli.safety import _backups_note, _still_readable
    from reflect.core.rekey import Rekeyed

    one = n == 1
    assert _backups_note(n, n) == (
        " 1 backup changed to match. 1 older backup under another passphrase left as it was."
        if one
        else " 2 backups changed to match. 2 older backups under another passphrase left as "
        "they were."
    )
    paths = tuple(Path(f"/tmp/copy-{i}.db") for i in range(n))
    said = _still_readable(Rekeyed(0, 0, paths, paths), Path("/tmp/backups"))
    assert ("1 damaged journal moved" if one else "2 damaged journals moved") in said
    assert ("1 backup Reflect wrote outside" if one else "2 backups Reflect wrote outside") in said
    assert ("folder stays readable" if one else "folder stay readable") in said


@pytest.mark.parametrize("n", [1, 2])
def test_leftover_copies_removed_at_opening_are_counted(tmp_path: Path, n: int) -> None:
    from reflect.core.leftovers import tidy_leftovers

    journal = tmp_path / "journal.db"
    journal.write_bytes(b"")
    for ending in (".partial", ".restoring")[:n]:
        journal.with_name(f".{journal.name}{ending}").write_bytes(b"half a copy")
    (notice,) = tidy_leftovers(journal, None, None)
    copies = "1 unfinished copy" if n == 1 else "2 unfinished copies"
    assert notice.startswith(f"Removed {copies} left by an interrupted")
