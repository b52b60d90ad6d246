"""Progress of long jobs: each job reports through the one callback, the terminal shows it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.cli import progress as cli_progress
from reflect.cli.progress import TerminalProgress, terminal_progress
from reflect.core import recovery
from reflect.core.backup import make_backup
from reflect.core.export import ExportScope, export
from reflect.core.importer import import_file
from reflect.core.journal import Journal
from reflect.core.progress import heartbeat, part
from reflect.core.prompts import PromptLibrary
from reflect.core.sample import fill_journal
from tests.helpers import TODAY

Calls = list[tuple[int, int]]


def recorder() -> tuple[Calls, object]:
    calls: Calls = []

    def record(done: int, total: int) -> None:
        calls.append((done, total))

    return calls, record


def rises_to_the_end(calls: Calls) -> bool:
    """Every call has the same total, ``done`` never falls, and the last call is the end."""
    totals = {total for _, total in calls}
    dones = [done for done, _ in calls]
    return len(totals) == 1 and dones == sorted(dones) and calls[-1][0] == calls[-1][1]


@pytest.fixture
def filled(tmp_path: Path, library: PromptLibrary) -> Path:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        fill_journal(journal, library, 1_200, seed=5, until=TODAY)
    return path


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_terminal_line_waits_a_second_then_rewrites_itself_and_ends() -> None:
    out, clock = io.StringIO(), Clock()
    show = TerminalProgress("Checking the journal", "entries", out, clock=clock)
    show(10_000, 100_000)
    clock.now += 0.5
    show(20_000, 100_000)
    assert out.getvalue() == ""  # a job done within a second shows nothing
    clock.now += 0.6
    show(40_000, 100_000)
    assert out.getvalue() == "\rChecking the journal: 40,000 of 100,000 entries"
    clock.now += 0.01
    show(41_000, 100_000)  # too soon to rewrite
    assert "41,000" not in out.getvalue()
    clock.now += 0.5
    show(100_000, 100_000)
    assert out.getvalue().endswith("\rChecking the journal: 100,000 of 100,000 entries\n")
    shown = out.getvalue()
    show(100_000, 100_000)  # told the end twice: said once
    assert out.getvalue() == shown


def test_a_quick_job_shows_nothing_and_a_percentage_has_no_unit() -> None:
    out, clock = io.StringIO(), Clock()
    quick = TerminalProgress("Backing up", None, out, clock=clock)
    quick(50, 100)
    quick(100, 100)
    assert out.getvalue() == ""
    slow = TerminalProgress("Backing up", None, out, clock=clock)
    clock.now += 2
    slow(40, 100)
    assert out.getvalue() == "\rBacking up: 40%"


def test_nothing_is_shown_when_standard_error_is_not_a_terminal() -> None:
    with terminal_progress("Importing", stream=io.StringIO()) as progress:
        assert progress is None


def test_a_line_left_open_by_a_failure_is_ended() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    with pytest.raises(RuntimeError), terminal_progress("Exporting", stream=out) as progress:
        assert isinstance(progress, TerminalProgress)
        progress.started -= 5
        progress(3, 10)
        raise RuntimeError
    assert out.getvalue() == "\rExporting: 3 of 10 entries\n"


def test_a_stage_stands_for_its_share_of_the_whole() -> None:
    calls, record = recorder()
    stage = part(record, 50, 100, 100)  # type: ignore[arg-type]
    assert stage is not None
    stage(0, 4)
    stage(2, 4)
    stage(4, 4)
    assert calls == [(50, 100), (75, 100), (100, 100)]
    assert part(None, 0, 1, 1) is None


def test_a_long_statement_says_the_same_again_while_it_runs(filled: Path) -> None:
    import sqlite3

    calls, record = recorder()
    conn = sqlite3.connect(filled)
    try:
        with heartbeat(conn, record, 1, 3, every=1_000):  # type: ignore[arg-type]
            conn.execute("PRAGMA integrity_check").fetchall()
        assert len(calls) > 10 and set(calls) == {(1, 3)}
        calls.clear()
        conn.execute("PRAGMA integrity_check").fetchall()  # the handler is gone afterwards
        assert calls == []
    finally:
        conn.close()


def test_backup_check_import_and_export_report_progress(filled: Path, tmp_path: Path) -> None:
    calls, record = recorder()
    with Journal.open(filled) as journal:
        make_backup(journal, tmp_path / "copy.db", progress=record)  # type: ignore[arg-type]
        assert rises_to_the_end(calls) and calls[-1] == (100, 100)

        calls.clear()
        scope = ExportScope(start=date(2000, 1, 1), end=TODAY)
        entries = export(journal, scope, progress=record).entries  # type: ignore[arg-type]
        assert rises_to_the_end(calls) and calls[-1] == (entries, entries)
        assert len(calls) > 3  # reported on the way, not only at the end

        archive = tmp_path / "all.archive"
        whole = export(journal, ExportScope(include_drafts=True), fmt="archive")
        archive.write_text(whole.text or "")
        everything = whole.entries
        assert everything == 1_200

    calls.clear()
    report = recovery.check(filled, None, tmp_path / "backups", progress=record)  # type: ignore[arg-type]
    assert report.problems == []
    # Each part is said again while SQLite works on it (heartbeat), then the next.
    assert list(dict.fromkeys(calls)) == [(0, 3), (1, 3), (2, 3), (3, 3)]

    calls.clear()
    with Journal.open(tmp_path / "new.db") as fresh:
        result = import_file(fresh, archive, record)  # type: ignore[arg-type]
        assert result.entries_added == everything
    assert rises_to_the_end(calls) and calls[-1] == (everything, everything)
    assert len(calls) > 2  # a chunk at a time

    calls.clear()
    with Journal.open(tmp_path / "new.db") as fresh:  # all there already: skipped, still counted
        assert import_file(fresh, archive, record).entries_added == 0  # type: ignore[arg-type]
    assert calls[-1] == (everything, everything)


def test_commands_print_no_progress_when_not_in_a_terminal(filled: Path, tmp_path: Path) -> None:
    db = ["--db", str(filled)]
    runner = CliRunner()
    for args in (
        ["check"],
        ["backup", "--to", str(tmp_path / "b.db")],
        ["export", "--format", "archive", "-o", str(tmp_path / "a.archive")],
    ):
        result = runner.invoke(cli, [*db, *args])
        assert result.exit_code == 0, result.output
        assert " of " not in result.stderr and "%" not in result.stderr, args
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "n.db"), "import", str(tmp_path / "a.archive")]
    )
    assert result.exit_code == 0, result.output
    assert "Importing" not in result.stderr


def test_in_a_terminal_a_long_import_says_how_far_it_has_got(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "a.archive"
    runner = CliRunner()
    made = runner.invoke(
        cli, ["--db", str(filled), "export", "--format", "archive", "-o", str(archive)]
    )
    assert made.exit_code == 0, made.output
    # As if standard error were a terminal and every job took more than a second.
    monkeypatch.setattr(cli_progress, "is_terminal", lambda _stream: True)
    monkeypatch.setattr(cli_progress, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(cli_progress, "EVERY", 0.0)
    result = runner.invoke(cli, ["--db", str(tmp_path / "n.db"), "import", str(archive)])
    assert result.exit_code == 0, result.output
    total = 1_200
    assert f"\rImporting: 500 of {total:,} entries" in result.stderr
    assert result.stderr.count(f"\rImporting: {total:,} of {total:,} entries\n") == 1
    checked = runner.invoke(cli, ["--db", str(filled), "check"])
    assert "\rChecking the journal: 3 of 3 parts\n" in checked.stderr
    copy = tmp_path / "copy.db"
    made = runner.invoke(cli, ["--db", str(filled), "backup", "--to", str(copy)])
    assert "\rBacking up: 100%\n" in made.stderr
    restored = runner.invoke(cli, ["--db", str(filled), "restore", str(copy), "--yes"])
    assert restored.exit_code == 0, restored.output
    for line in (
        "Checking the backup: 100%",
        "Restoring: 100%",
    ):  # the index is rebuilt here in one step: a job done at its first report shows nothing
        assert f"\r{line}\n" in restored.stderr, line


def test_encrypting_counts_the_journal_and_each_backup(filled: Path, tmp_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    from reflect.core.rekey import change_encryption

    backups = tmp_path / "backups"
    backups.mkdir()
    with Journal.open(filled) as journal:
        make_backup(journal, backups / "journal-2026-11-01.db")
    calls, record = recorder()
    change_encryption(filled, backups, None, "plum orchard lantern river", record)  # type: ignore[arg-type]
    assert rises_to_the_end(calls) and calls[-1] == (2, 2)
    assert (1, 2) in calls


def test_a_batch_that_fails_after_its_first_chunk_leaves_nothing_behind(tmp_path: Path) -> None:
    from reflect.core.errors import InvalidInput
    from reflect.core.store import fts_integrity_problems
    from tests.unit.test_export import quick_entry

    records = [quick_entry(f"{i:032x}", "CF-1", "The kitchen was warm.") for i in range(700)]
    records[650] = quick_entry("f" * 32, "   ", "No case code.")  # after the first chunk of 500
    with Journal.open(tmp_path / "j.db") as journal:
        with pytest.raises(InvalidInput):
            journal.add_records(records, batch_size=700)
        assert journal.count_entries() == 0
        with journal.engine.connect() as conn:  # the index's pause went with the rows
            assert conn.exec_driver_sql("SELECT count(*) FROM fts_pause").scalar_one() == 0
        # The search index was not left paused: an entry added now is found.
        journal.add_records([quick_entry("e" * 32, "CF-2", "A garden visit.")])
        assert [h.entry.uid for h in journal.search("garden")] == ["e" * 32]
        assert fts_integrity_problems(journal.engine) == []
