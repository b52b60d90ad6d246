"""What ``reflect restore`` says about the writing a backup does not hold (review 22, item 4).

The reviewer wrote after the day's backup, damaged the journal and restored:
the prompt gave no time, nothing said the new writing was gone, and the
message said to delete the moved-aside file, the only one that still held it.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner, Result

from reflect.cli import cli
from reflect.core.journal import Journal
from tests.helpers import new_draft

LATER = "Thornbury-written-after-the-backup"
MADE = datetime(2026, 11, 27, 0, 15)
MADE_WORDS = "Friday 27 November 2026 at 00:15"


def run(path: Path, *args: str, given: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), *args], input=given)


def journal_written_after_its_backup(tmp_path: Path) -> tuple[Path, Path]:
    """Three entries backed up at 00:15, then two more (one holding LATER)."""
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        for code in ("CF-3101", "CF-3102", "CF-3103"):
            new_draft(journal, code)
    backup = tmp_path / "journal-2026-11-27.db"
    made = run(path, "backup", "--to", str(backup))
    assert made.exit_code == 0, made.output + made.stderr
    os.utime(backup, (MADE.timestamp(), MADE.timestamp()))
    with Journal.open(path) as journal:
        entry = new_draft(journal, "CF-3104")
        journal.save_draft(entry.id, {"context": LATER})
        new_draft(journal, "CF-3105")
    return path, backup


def test_the_question_says_when_the_backup_was_made(tmp_path: Path) -> None:
    path, backup = journal_written_after_its_backup(tmp_path)
    asked = run(path, "restore", str(backup), given="n\n")
    assert asked.exit_code == 1
    assert f"(3 entries, made {MADE_WORDS})?" in asked.output
    assert "Anything written in the journal after then will not be in it" in asked.output


def test_replacing_a_healthy_journal_gives_both_counts_and_says_what_is_missing(
    tmp_path: Path,
) -> None:
    path, backup = journal_written_after_its_backup(tmp_path)
    done = run(path, "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output + done.stderr
    said = " ".join(done.output.split())
    assert f"Restored 3 entries from {backup}." in said
    assert "The journal you replaced had 5 entries; the backup has 3." in said
    assert f"Anything written after the backup was made ({MADE_WORDS}) is not in" in said
    (kept,) = (tmp_path / "journal-backups").glob("journal-*-before-restore.db")
    assert f"kept in {kept}, with anything written since" in said
    assert "keep that file until you are sure nothing is missing" in said
    assert "delete" not in said


def test_a_damaged_journal_moved_aside_is_to_be_kept_not_deleted(tmp_path: Path) -> None:
    path, backup = journal_written_after_its_backup(tmp_path)
    data = bytearray(path.read_bytes())
    data[:16] = bytes(16)
    path.write_bytes(bytes(data))
    done = run(path, "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output + done.stderr
    said = " ".join(done.output.split())
    (aside,) = (tmp_path / "journal-backups").glob("damaged-journal-*.db")
    assert LATER.encode() in aside.read_bytes()  # the file the words point to holds it
    assert f"Anything written after the backup was made ({MADE_WORDS}) is not in" in said
    assert f"moved to {aside}, and may still hold that writing" in said
    assert "keep that file until you are sure nothing is missing" in said
    # Not encrypted, so it is said; but deleting comes only once nothing is missing.
    assert "delete it once you are sure" in said
    assert "no longer need it" not in said
    assert said.index("keep that file") < said.index("delete")


def test_a_restore_with_no_journal_promises_nothing_about_later_writing(tmp_path: Path) -> None:
    path, backup = journal_written_after_its_backup(tmp_path)
    path.unlink()
    done = run(path, "restore", str(backup), "--yes")
    assert done.exit_code == 0, done.output + done.stderr
    assert done.output.strip() == f"Restored 3 entries from {backup}."


def test_a_journal_open_in_reflect_is_said_before_the_question(tmp_path: Path) -> None:
    """Review 22, 7i: restore asked "[y/N]" and only after "y" said to close the app."""
    path, backup = journal_written_after_its_backup(tmp_path)
    with Journal.open(path):  # another Reflect has it open
        asked = run(path, "restore", str(backup), given="y\n")
    assert asked.exit_code == 1
    assert "[y/N]" not in asked.output
    assert f"{path} is open in Reflect: close it there" in asked.output
    with Journal.open(path) as journal:
        assert journal.count_entries() == 5  # nothing was changed
