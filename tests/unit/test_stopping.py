"""A search stopped by a newer one: it stops, and the interrupt reaches no one else.

SQLite's interrupt acts on a whole connection and may stay in force after
the statement it was meant for; these tests check it never reaches autosave
or any other read, by using the journal's pool hard after a stop.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from reflect.core.journal import Journal
from reflect.core.reading import Reader
from reflect.core.records import EntryFilter
from reflect.core.stopping import Stop, Stopped
from reflect.tui.screens.browse_pages import read_page
from tests.helpers import new_draft

# Counting 300 million rows takes SQLite tens of seconds: only an interrupt
# ends it sooner. `mark` runs once, as the count starts.
ENDLESS = (
    "WITH RECURSIVE c(x) AS (SELECT mark(1) UNION ALL SELECT x + 1 FROM c LIMIT 300000000)"
    " SELECT count(*) FROM c"
)


def _write_one(journal: Journal, words: str) -> int:
    entry = new_draft(journal, "AB-101")
    journal.save_draft(entry.id, {"context": words})
    return entry.id


def _stopped_mid_statement(journal: Journal) -> tuple[Any, BaseException | None]:
    """Run ENDLESS in a stoppable read on a thread, stop it once it runs."""
    stop, started = Stop(), threading.Event()
    held: list[Any] = []

    def run() -> None:
        with journal._read(stop) as db:
            held.append(db.driver)
            db.driver.create_function("mark", 1, lambda x: started.set() or x)
            db.value(ENDLESS)

    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(run)
        assert started.wait(10)
        stop.stop()
        error = done.exception(timeout=120)
    assert stop.reached
    return held[0], error


def test_a_running_statement_is_stopped_at_once(journal: Journal) -> None:
    _driver, error = _stopped_mid_statement(journal)
    assert isinstance(error, Stopped)


def test_the_interrupted_connection_is_closed_and_the_pool_works_after(
    journal: Journal,
) -> None:
    driver, _error = _stopped_mid_statement(journal)
    with pytest.raises(Exception, match="closed"):
        driver.execute("SELECT 1")  # closed, so never lent to autosave
    # Every connection the pool lends from now on reads and writes: writes
    # from several threads at once take every pooled connection in turn.
    with ThreadPoolExecutor(6) as pool:
        ids = list(pool.map(lambda i: _write_one(journal, f"kitchen table talk {i}"), range(12)))
    assert len(set(ids)) == 12
    assert len(journal.search("kitchen", limit=50)) == 12
    assert journal.count_matches("kitchen") == 12


def test_a_stop_asked_before_the_read_runs_no_statement(journal: Journal) -> None:
    _write_one(journal, "the kitchen was warm")
    stop = Stop()
    stop.stop()
    with pytest.raises(Stopped):
        journal.search("kitchen", stop=stop)
    with pytest.raises(Stopped):
        journal.count_matches("kitchen", stop=stop)
    assert not stop.reached  # no connection was held, so none was interrupted
    assert journal.count_matches("kitchen") == 1


def test_a_stop_between_statements_starts_no_further_statement(journal: Journal) -> None:
    stop = Stop()
    with pytest.raises(Stopped), journal._read(stop) as db:
        assert db.value("SELECT 1") == 1
        stop.stop()  # no statement running: the next one is never started
        db.value("SELECT 2")
    assert stop.reached
    for i in range(8):  # more than the pool holds: none carries the interrupt
        _write_one(journal, f"school run {i}")
        assert journal.count_matches("school") == i + 1


def test_a_stop_after_the_search_ended_changes_nothing(journal: Journal) -> None:
    _write_one(journal, "the kitchen was warm")
    stop = Stop()
    assert [hit.entry.case_code for hit in journal.search("kitchen", stop=stop)] == ["AB-101"]
    stop.stop()
    assert not stop.reached
    assert journal.count_matches("kitchen") == 1


def test_a_stopped_page_is_none_so_the_screen_shows_nothing_of_it(journal: Journal) -> None:
    _write_one(journal, "the kitchen was warm")
    stop = Stop()
    loaded = read_page(journal, 1, "kitchen", EntryFilter(), None, 0, stop)
    assert loaded is not None and len(loaded.rows) == 1 and loaded.total == 1
    stop.stop()
    assert read_page(journal, 2, "kitchen", EntryFilter(), None, 0, stop) is None


def test_a_readers_one_connection_cannot_be_stopped(journal_path: Path) -> None:
    Journal.open(journal_path).close()
    with Reader.open(journal_path) as reader, pytest.raises(TypeError), reader._read(Stop()):
        pass


def _running_endless(journal: Journal, stop: Stop, started: threading.Event) -> None:
    with journal._read(stop) as db:
        db.driver.create_function("mark", 1, lambda x: started.set() or x)
        db.value(ENDLESS)


def test_a_read_beside_another_is_stopped_with_it(journal: Journal) -> None:
    stop, started = Stop(), threading.Event()
    beside = stop.beside()
    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(_running_endless, journal, beside, started)
        assert started.wait(10)
        stop.stop()  # the first read's stop: the one beside it ends too
        assert isinstance(done.exception(timeout=120), Stopped)
    assert beside.reached and not stop.reached
    assert journal.count_matches("kitchen") == 0  # the pool still reads


def test_a_read_beside_one_already_stopped_runs_no_statement(journal: Journal) -> None:
    stop = Stop()
    stop.stop()
    with pytest.raises(Stopped):
        journal.count_matches("kitchen", stop=stop.beside())


def test_a_page_whose_count_is_stopped_is_none(journal: Journal) -> None:
    # The count runs beside the search, in a thread of its own: a newer
    # search stopping this one mid-count still leaves the page unshown.
    _write_one(journal, "the kitchen was warm")
    started = threading.Event()

    def endless_count(query: str, filters: EntryFilter, *, stop: Stop) -> int:
        _running_endless(journal, stop, started)
        return 1

    journal.count_matches = endless_count  # type: ignore[method-assign, assignment]
    stop = Stop()
    with ThreadPoolExecutor(1) as pool:
        page = pool.submit(read_page, journal, 1, "kitchen", EntryFilter(), None, 0, stop)
        assert started.wait(10)
        stop.stop()
        assert page.result(timeout=120) is None


def test_a_search_that_fails_stops_the_count_beside_it(journal: Journal) -> None:
    # Not left running on a pooled connection, its outcome never read (review 28).
    started = threading.Event()

    def endless_count(query: str, filters: EntryFilter, *, stop: Stop) -> int:
        _running_endless(journal, stop, started)
        return 1

    def failing_search(*_args: object, **_kwargs: object) -> list[object]:
        assert started.wait(10)
        raise RuntimeError("the disk went away")

    journal.count_matches = endless_count  # type: ignore[method-assign, assignment]
    journal.search = failing_search  # type: ignore[method-assign, assignment]
    with pytest.raises(RuntimeError, match="disk went away"):
        read_page(journal, 1, "kitchen", EntryFilter(), None, 0, Stop())
    assert not [t for t in threading.enumerate() if t.name == "reflect-count"]
