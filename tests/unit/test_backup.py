"""Backups: made with the backup API, checked, private, pruned by policy; restore."""

from __future__ import annotations

import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from reflect.cli import cli
from reflect.core import crypto, search_index
from reflect.core.backup import (
    BackupFailed,
    BackupPolicy,
    backup_of_the_day,
    daily_backups,
    make_backup,
    prune,
    to_keep,
)
from reflect.core.files import JournalError
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.sample import fill_journal
from reflect.core.store import fts_integrity_problems
from tests.helpers import TODAY, new_draft, open_backup


def test_a_backup_is_complete_checked_and_private(journal: Journal, tmp_path: Path) -> None:
    for _ in range(3):
        new_draft(journal)
    target = tmp_path / "copy.db"
    make_backup(journal, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*partial"))
    with open_backup(target, tmp_path) as copy:
        assert copy.count_entries() == 3
    with pytest.raises(BackupFailed, match="already exists"):
        make_backup(journal, target)


def test_an_encrypted_journal_makes_encrypted_backups(tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    with Journal.open(tmp_path / "j.db", passphrase="tea and toast") as journal:
        new_draft(journal)
        made = make_backup(journal, tmp_path / "b.db")
    assert crypto.is_encrypted(made)
    with pytest.raises(crypto.PassphraseNeeded):
        Journal.open(made, lock=False)
    with open_backup(made, tmp_path, passphrase="tea and toast") as copy:
        assert copy.count_entries() == 1


def test_one_automatic_backup_a_day(journal: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    policy = BackupPolicy(daily=2, weekly=0)
    assert backup_of_the_day(journal, folder, TODAY, policy) == folder / "journal-2026-11-20.db"
    assert backup_of_the_day(journal, folder, TODAY, policy) is None  # already made today
    backup_of_the_day(journal, folder, TODAY + timedelta(days=1), policy)
    backup_of_the_day(journal, folder, TODAY + timedelta(days=2), policy)
    assert sorted(daily_backups(folder)) == [TODAY + timedelta(days=1), TODAY + timedelta(days=2)]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (
        backup_of_the_day(journal, folder, TODAY + timedelta(days=3), BackupPolicy(False)) is None
    )


def test_pruning_keeps_the_newest_days_then_one_a_week(tmp_path: Path) -> None:
    days = [date(2026, 11, 22) - timedelta(days=n) for n in range(40)]
    for day in days:
        (tmp_path / f"journal-{day.isoformat()}.db").write_bytes(b"")
    (tmp_path / "journal-2026-01-01-120000-by-hand.db").write_bytes(b"")
    removed = prune(tmp_path, BackupPolicy(daily=7, weekly=4))
    kept = sorted(daily_backups(tmp_path), reverse=True)
    assert kept[:7] == days[:7]
    weekly = kept[7:]
    assert len(weekly) == 4
    # One a week, each the newest of its week, in the weeks before the daily ones.
    weeks = [d.isocalendar()[:2] for d in weekly]
    assert len(set(weeks)) == 4
    for day in weekly:
        same_week = [d for d in days if d.isocalendar()[:2] == day.isocalendar()[:2]]
        assert day == max(d for d in same_week if d not in days[:7])
    assert len(removed) == 40 - 11
    assert (tmp_path / "journal-2026-01-01-120000-by-hand.db").exists()


@given(
    st.sets(st.dates(date(2024, 1, 1), date(2027, 1, 1)), max_size=60),
    st.integers(0, 10),
    st.integers(0, 6),
)
def test_the_policy_never_keeps_more_than_it_says(days: set[date], daily: int, weekly: int) -> None:
    keep = to_keep(list(days), BackupPolicy(daily=daily, weekly=weekly))
    assert keep <= days
    assert len(keep) <= daily + weekly
    newest = sorted(days, reverse=True)
    assert set(newest[:daily]) <= keep
    if days and (daily or weekly):
        assert max(days) in keep


def test_config_sets_the_policy_and_bad_values_are_explained(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert BackupPolicy.from_config(config) == BackupPolicy()
    config.write_text("[backups]\ndaily = 3\nweekly = 0\n")
    assert BackupPolicy.from_config(config) == BackupPolicy(daily=3, weekly=0)
    config.write_text("[backups]\ndaily = 'lots'\n")
    with pytest.raises(JournalError, match="whole number"):
        BackupPolicy.from_config(config)
    config.write_text("[backups\n")
    with pytest.raises(JournalError, match="could not be read"):
        BackupPolicy.from_config(config)


def test_restore_asks_keeps_the_current_journal_and_puts_the_backup_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.db"
    db = ["--db", str(path)]
    with Journal.open(path) as journal:
        new_draft(journal, "CF-1")
    runner = CliRunner()
    made = runner.invoke(cli, [*db, "backup", "--to", str(tmp_path / "then.db")])
    assert made.exit_code == 0, made.output
    with Journal.open(path) as journal:
        new_draft(journal, "CF-2")
    refused = runner.invoke(cli, [*db, "restore", str(tmp_path / "then.db")], input="n\n")
    assert refused.exit_code == 1
    with Journal.open(path) as journal:
        assert journal.count_entries() == 2
    done = runner.invoke(cli, [*db, "restore", str(tmp_path / "then.db")], input="y\n")
    assert done.exit_code == 0, done.output
    with Journal.open(path) as journal:
        assert [e.case_code for e in journal.list_entries().items] == ["CF-1"]
    (kept,) = (tmp_path / "journal-backups").glob("*before-restore.db")
    with open_backup(kept, tmp_path) as before:
        assert before.count_entries() == 2


def test_restore_refuses_what_is_not_a_journal(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a journal")
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "j.db"), "restore", str(junk), "--yes"]
    )
    assert result.exit_code == 1
    assert "not a Reflect backup" in result.stderr
    assert not (tmp_path / "j.db").exists()


@pytest.mark.parametrize("answer", [["--yes"], []])
def test_an_empty_file_is_refused_and_left_as_it_was(tmp_path: Path, answer: list[str]) -> None:
    """SQLite would make an empty file a new, empty journal, and restore would put it in place."""
    path = tmp_path / "j.db"
    with Journal.open(path) as journal:
        new_draft(journal, "CF-0101")
    empty = tmp_path / "empty.db"
    empty.touch()
    result = CliRunner().invoke(
        cli, ["--db", str(path), "restore", str(empty), *answer], input="n\n"
    )
    assert result.exit_code == 1
    assert "cannot be put back: it is empty. The journal was not changed." in result.stderr
    assert empty.stat().st_size == 0
    with Journal.open(path) as journal:
        assert journal.count_entries() == 1


def test_a_backup_leaves_out_the_search_index_and_restore_rebuilds_it(
    tmp_path: Path, library: PromptLibrary
) -> None:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        fill_journal(journal, library, 300, seed=41, until=TODAY)
        before = [h.entry.uid for h in journal.search("kitchen", limit=500)]
        made = make_backup(journal, tmp_path / "then.db")
    assert before
    # The index is most of a journal of realistic text, and the rows compress:
    # the backup is a small part of the journal (README, Backups).
    assert made.stat().st_size < 0.1 * path.stat().st_size
    with open_backup(made, tmp_path) as copy:
        assert search_index.is_left_out(copy.engine)
        assert copy.count_entries() == 300
    path.unlink()
    result = CliRunner().invoke(cli, ["--db", str(path), "restore", str(made), "--yes"])
    assert result.exit_code == 0, result.output
    # Standard error is not a terminal here: no progress line (tests/unit/test_progress.py).
    assert "Rebuilding" not in result.stderr
    with Journal.open(path) as journal:
        assert not search_index.is_left_out(journal.engine)
        assert fts_integrity_problems(journal.engine) == []
        assert [h.entry.uid for h in journal.search("kitchen", limit=500)] == before


def test_rebuilding_in_steps_reports_each_step_and_matches_a_whole_rebuild(
    journal: Journal, library: PromptLibrary
) -> None:
    fill_journal(journal, library, 120, seed=42, until=TODAY)
    reports: list[tuple[int, int]] = []

    def report(done: int, total: int) -> None:
        reports.append((done, total))

    assert search_index.rebuild_in_steps(journal.engine, report, step=50) == 120
    assert reports == [(50, 120), (100, 120), (120, 120)]
    assert fts_integrity_problems(journal.engine) == []


def test_the_end_of_input_at_restores_question_says_nothing_was_changed(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    with Journal.open(path) as journal:
        new_draft(journal, "CF-0102")
        backup = make_backup(journal, tmp_path / "then.db")
    result = CliRunner().invoke(cli, ["--db", str(path), "restore", str(backup)], input="")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "reflect: Nothing was changed."
