"""The store: connection settings, migrations, refusing newer journals, the search index."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from reflect.core.files import LATEST_VERSION, JournalError, JournalTooNew, NotAJournal
from reflect.core.journal import Journal
from reflect.core.store import (
    MIGRATIONS,
    create_journal_engine,
    fts_integrity_problems,
    migrate_to,
)
from tests.helpers import new_draft


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_connection_has_the_pragmas(journal: Journal) -> None:
    results: list[tuple[object, ...]] = []

    def read() -> None:
        with journal.engine.connect() as conn:
            results.append(
                tuple(
                    conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                    for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
                )
            )

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    read()
    # synchronous FULL is 2
    assert set(results) == {("wal", 2, 1, 5000)}


def test_new_journal_is_at_latest_version(journal_path: Path) -> None:
    Journal.open(journal_path).close()
    conn = sqlite3.connect(journal_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


def test_migrations_are_numbered_in_order() -> None:
    # Every step from 1 up, in order, none missing.
    versions = [m.version for m in MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))


@pytest.mark.parametrize("start_version", [0, *(m.version for m in MIGRATIONS[:-1])])
def test_upgrade_from_every_earlier_version(tmp_path: Path, start_version: int) -> None:
    path = tmp_path / "old.db"
    engine = create_journal_engine(path, migrate=False)
    migrate_to(engine, start_version) if start_version else None
    if start_version >= 1:
        # A journal of that age with an entry in it, written with plain SQL.
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO entry (uid, visit_date, case_code, visit_type, prompt_set_id,"
                    " prompt_set_version, status, created_at, updated_at) VALUES ('u1',"
                    " '2026-10-01', 'CF-2001', 'home', 'relational', '1', 'complete',"
                    " '2026-10-01 10:00:00.000000', '2026-10-01 10:00:00.000000')"
                )
            )
            if start_version < 9:
                conn.execute(
                    text(
                        "INSERT INTO answer (entry_id, prompt_id, question, text, position)"
                        " VALUES (1, 'context', 'What happened?', 'We talked about the allotment',"
                        " 0)"
                    )
                )
            else:  # from version 9 the question is kept once, in its own table
                conn.execute(
                    text(
                        "INSERT INTO question (prompt_set_id, prompt_set_version, prompt_id, text)"
                        " VALUES ('relational', '1', 'context', 'What happened?')"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO answer (entry_id, prompt_id, question_id, text, position)"
                        " VALUES (1, 'context', 1, 'We talked about the allotment', 0)"
                    )
                )
    engine.dispose()
    with Journal.open(path) as journal:
        with journal.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA user_version").scalar() == LATEST_VERSION
        assert fts_integrity_problems(journal.engine) == []
        if start_version >= 1:
            hits = journal.search("allotment")
            assert [h.entry.case_code for h in hits] == ["CF-2001"]
            assert journal.get_entry(1).answers[0].text == "We talked about the allotment"
            # Its question moved to the question table and still reads the same.
            assert journal.get_entry(1).answers[0].question == "What happened?"


def test_each_migration_step_is_one_transaction(tmp_path: Path) -> None:
    """A step that fails half way leaves the journal at the version before it."""
    path = tmp_path / "j.db"
    engine = create_journal_engine(path, migrate=False)
    migrate_to(engine, 1)
    with engine.begin() as conn:  # make step 2 fail on its second statement
        conn.exec_driver_sql("CREATE VIEW entry_doc AS SELECT 1 AS entry_id")
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        migrate_to(engine, 2)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() == 1
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert "fts_pause" not in names  # the first statements of step 2 were rolled back
    engine.dispose()


def test_newer_journal_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE something_new (x)")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.commit()
    conn.close()
    before = digest(path)
    siblings_before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(JournalTooNew, match="newer version of Reflect"):
        Journal.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings_before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n" * 200)
    before = digest(path)
    with pytest.raises(NotAJournal, match="not a Reflect journal"):
        Journal.open(path)
    assert digest(path) == before


def test_missing_journal_without_create(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="There is no journal"):
        Journal.open(tmp_path / "nothing.db", create=False)
    assert not (tmp_path / "nothing.db").exists()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="does not exist"):
        Journal.open(tmp_path / "no" / "such" / "j.db")


def test_search_index_stays_in_step_through_every_change(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "We met in the garden", "feelings": "calm"})
    journal.set_tags(entry.id, themes=["Trust through negotiation"], free_tags=["garden"])
    journal.update_entry(entry.id, case_code="CF-1002")
    other = new_draft(journal, "CF-3003")
    journal.save_draft(other.id, {"context": "Short visit"})
    journal.complete(entry.id)
    journal.edit_entry(entry.id, {"context": "We met in the garden and then inside"})
    journal.set_tags(entry.id, free_tags=[])
    with journal.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE tag SET name = 'Trust' WHERE name LIKE 'Trust%'")
    assert fts_integrity_problems(journal.engine) == []
    assert [h.entry.id for h in journal.search("trust")] == [entry.id]
    journal.delete(other.id)
    journal.empty_trash()
    assert fts_integrity_problems(journal.engine) == []
    assert journal.search("short") == []
    assert [h.entry.id for h in journal.search("CF-1002")] == [entry.id]
    assert journal.search("CF-1001") == []


def test_a_damaged_index_is_detected(journal: Journal) -> None:
    entry = new_draft(journal)
    journal.save_draft(entry.id, {"context": "the first words"})
    with journal.engine.begin() as conn:
        # Change the text behind the index's back.
        conn.exec_driver_sql("DROP TRIGGER answer_fts_upd_b")
        conn.exec_driver_sql("UPDATE answer SET text = 'different words entirely'")
    assert fts_integrity_problems(journal.engine) != []


def test_engine_is_usable_from_many_threads(journal: Journal) -> None:
    entries = [new_draft(journal, f"CF-{4000 + i}") for i in range(4)]
    errors: list[BaseException] = []

    def typing(entry_id: int) -> None:
        try:
            for n in range(25):
                journal.save_draft(entry_id, {"context": f"word{n} " * (n + 1)}, current_step=n % 3)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=typing, args=(e.id,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for e in entries:
        assert journal.get_entry(e.id).answer("context").text == "word24 " * 25  # type: ignore[union-attr]
    assert fts_integrity_problems(journal.engine) == []


def test_plain_sqlite_can_read_a_journal(journal_path: Path, journal: Journal) -> None:
    """The journal is an ordinary SQLite file: a user is never locked into Reflect."""
    new_draft(journal)
    engine = create_engine(f"sqlite:///{journal_path}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT case_code FROM entry")).scalar_one() == "CF-1001"
    engine.dispose()


def test_a_relative_path_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Journal.open(Path("relative.db")).close()
    with Journal.open(Path("relative.db"), create=False) as journal:
        assert journal.count_entries() == 0
