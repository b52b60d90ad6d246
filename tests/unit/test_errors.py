"""Clear errors and nothing lost: a busy journal, two Reflects at once, a read-only
folder or file, a full disk, and a damaged journal."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from reflect.cli import cli
from reflect.core import store
from reflect.core.files import JournalError, plain_message
from reflect.core.journal import Journal
from reflect.core.store import check_journal
from tests.helpers import new_draft


def test_a_journal_busy_in_another_reflect_is_explained_and_unharmed(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Journal.open(journal_path) as journal:
        entry = new_draft(journal)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(journal_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another Reflect in the middle of a save
    try:
        with Journal.open(journal_path) as journal:
            # The service speaks to the driver: its error, as every caller gets it.
            with pytest.raises(sqlite3.OperationalError) as caught:
                journal.save_draft(entry.id, {"context": "kept on screen"})
            assert plain_message(caught.value) == (
                "The journal is in use by another program (or another Reflect); "
                "try again in a moment."
            )
            assert journal.get_entry(entry.id).answers[0].text == ""  # reading still works
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Journal.open(journal_path) as journal:
        journal.save_draft(entry.id, {"context": "kept on screen"})
        assert journal.get_entry(entry.id).answers[0].text == "kept on screen"
        assert check_journal(journal.engine) == []


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from reflect.core.journal import Journal
    from reflect.core.records import PromptRef
    prompts = (PromptRef("context", "What happened?"),)
    with Journal.open(sys.argv[1]) as journal:
        for i in range(int(sys.argv[3])):
            entry = journal.create_draft(
                visit_date=date(2026, 11, 20), case_code=f"{sys.argv[2]}-{i}",
                visit_type="home", prompt_set_id="t", prompt_set_version="1", prompts=prompts)
            journal.save_draft(entry.id, {"context": f"words {i}"}, current_step=1)
            journal.complete(entry.id)
    """
)


@pytest.mark.slow
def test_two_reflects_writing_at_once_never_corrupt_the_journal(journal_path: Path) -> None:
    Journal.open(journal_path).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(journal_path), name, "150"])
        for name in ("A", "B")
    ]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    with Journal.open(journal_path) as journal:
        assert check_journal(journal.engine) == []
        codes = {e.case_code for e in journal.list_entries(limit=1000).items}
        assert codes == {f"{n}-{i}" for n in "AB" for i in range(150)}
        assert journal.count_entries() == 300


@pytest.fixture
def full_disk(journal: Journal) -> Iterator[dict[str, bool]]:
    """Make the journal's file unable to grow, as on a full disk, until switched off."""
    state = {"full": True}

    def limit(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        if state["full"]:
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(journal.engine, "connect", limit)
    journal.engine.dispose()  # every connection from now on is limited
    yield state
    event.remove(journal.engine, "connect", limit)
    journal.engine.dispose()


def test_a_full_disk_is_explained_and_a_later_save_works(
    journal: Journal, full_disk: dict[str, bool]
) -> None:
    full_disk["full"] = False
    journal.engine.dispose()
    entry = new_draft(journal)
    full_disk["full"] = True
    journal.engine.dispose()
    long_text = "Words that must not be lost. " * 2000
    with pytest.raises(sqlite3.OperationalError) as caught:
        journal.save_draft(entry.id, {"context": long_text})
    assert plain_message(caught.value) == (
        "The disk is full: free some space and Reflect will save again."
    )
    assert journal.get_entry(entry.id).answers[0].text == ""  # nothing half-written
    full_disk["full"] = False
    journal.engine.dispose()
    journal.save_draft(entry.id, {"context": long_text})
    assert journal.get_entry(entry.id).answers[0].text == long_text
    assert check_journal(journal.engine) == []


def _without_dac_override() -> list[str] | None:
    """A command prefix that makes root obey file permissions, or None if there is none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--inh-caps=-dac_override", "--bounding-set=-dac_override"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_folder_or_file_is_one_clear_line(tmp_path: Path, what: str) -> None:
    prefix = _without_dac_override()
    if prefix is None:
        pytest.skip("running as root with no way to drop the permission override (setpriv)")
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "journal.db"
    with Journal.open(path) as journal:
        new_draft(journal)
    (folder / "journal.db.lock").unlink()
    before = path.read_bytes()
    target = folder if what == "folder" else path
    target.chmod(0o555 if what == "folder" else 0o444)
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "reflect", "--db", str(path), "list"],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        target.chmod(0o755 if what == "folder" else 0o644)
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    expected = "the folder is read-only" if what == "folder" else "the file is read-only"
    assert expected in lines[0]
    assert path.read_bytes() == before


def test_a_damaged_journal_is_reported_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        for _ in range(40):
            entry = new_draft(journal)
            journal.save_draft(entry.id, {"context": "a fairly long answer " * 40})
        with journal.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 5, page * 9):  # scribble over pages in the middle
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["--db", str(path), "check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert problems
    assert "restore" in result.stderr.splitlines()[-1]


def test_plain_messages_for_common_failures() -> None:
    def op(message: str) -> OperationalError:
        return OperationalError("stmt", {}, Exception(message))

    assert "in use by another program" in plain_message(op("database is locked"))
    assert "disk is full" in plain_message(op("database or disk is full"))
    assert "read-only" in plain_message(op("attempt to write a readonly database"))
    assert "damaged" in plain_message(op("database disk image is malformed"))
    assert plain_message(JournalError("As it is.")) == "As it is."
