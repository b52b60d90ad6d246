"""The headless save schedule: never stops trying while words are unsaved, and says so."""

from __future__ import annotations

import threading
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reflect.core.autosave import SaveRequest, SaveState
from reflect.core.saving import EntryChangedElsewhere


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Disk:
    """A writer that fails while ``full`` and records what it wrote."""

    def __init__(self) -> None:
        self.full = False
        self.written: dict[Any, Any] = {}
        self.revision = 0

    def __call__(self, request: SaveRequest) -> int:
        if self.full:
            raise OSError(28, "database or disk is full")
        self.written.update(request.changes)
        self.revision += 1
        return self.revision


def test_a_change_is_due_after_the_delay_not_before() -> None:
    clock = Clock()
    state = SaveState(clock=clock, save_delay=1.0)
    state.loaded({"a": ""}, revision=0)
    assert not state.due()
    state.edit("a", "We met")
    assert not state.due()
    clock.now += 0.5
    state.edit("a", "We met at")  # further typing does not push the save back
    clock.now += 0.5
    assert state.due()


def test_failing_saves_are_retried_for_as_long_as_it_takes() -> None:
    clock, disk = Clock(), Disk()
    state = SaveState(clock=clock, save_delay=1.0, retry_delay=3.0)
    state.loaded({"a": ""}, revision=0)
    state.edit("a", "The kitchen table")
    disk.full = True
    for _ in range(50):  # a long time on a full disk
        clock.now += 3.0
        assert state.due()
        result = state.save(disk)
        assert not result.saved
        assert state.unsaved == {"a": "The kitchen table"}
        status = state.status or ""
        assert status.startswith("Not saved yet: the disk is full")
        assert status.endswith("Trying again every few seconds.")
        clock.now += 1.0
        assert not state.due()  # waits the retry delay
    disk.full = False
    clock.now += 3.0
    assert state.due()
    assert state.save(disk).saved
    assert disk.written == {"a": "The kitchen table"}
    assert state.unsaved == {}
    assert state.status is None
    assert state.revision == 1
    clock.now += 100
    assert not state.due()


def test_only_an_explicit_discard_ends_the_wish_to_save() -> None:
    clock, disk = Clock(), Disk()
    state = SaveState(clock=clock)
    state.loaded({"a": ""})
    state.edit("a", "words")
    disk.full = True
    state.save(disk)
    assert state.unsaved
    state.discard()
    assert state.unsaved == {}
    assert state.status is None
    clock.now += 100
    assert not state.due()


def test_typing_during_a_save_is_saved_next() -> None:
    clock = Clock()
    state = SaveState(clock=clock, save_delay=1.0)
    state.loaded({"a": ""}, revision=0)
    state.edit("a", "one")

    def slow_write(request: SaveRequest) -> int:
        state.edit("a", "one two")  # typed while the journal was being written
        return (request.base_revision or 0) + 1

    assert state.save(slow_write).saved
    assert state.unsaved == {"a": "one two"}
    assert not state.due()
    clock.now += 1.0
    assert state.due()


def test_a_conflict_stops_blind_retries_until_it_is_settled() -> None:
    clock = Clock()
    state = SaveState(clock=clock)
    state.loaded({"a": "theirs"}, revision=3)
    state.edit("a", "mine")

    def refused(request: SaveRequest) -> int:
        raise EntryChangedElsewhere(7, 4)

    clock.now += 2
    result = state.save(refused)
    assert result.conflict is not None and result.conflict.current_revision == 4
    assert "changed in another Reflect window" in (state.status or "")
    clock.now += 100
    assert not state.due()  # saving again blindly would only be refused again
    assert state.unsaved == {"a": "mine"}  # and the words are still held
    state.resolved(4, keep_current=True)  # keep mine, on top of their revision
    assert state.due()
    seen: list[SaveRequest] = []

    def write(request: SaveRequest) -> int:
        seen.append(request)
        return 5

    assert state.save(write).saved
    assert seen == [SaveRequest({"a": "mine"}, 4, keep_current=True)]
    state.edit("a", "mine, and more")
    state.save(write)
    assert seen[-1] == SaveRequest({"a": "mine, and more"}, 5, keep_current=False)


def test_two_threads_saving_at_once_write_each_change_once_in_order() -> None:
    state = SaveState()
    state.loaded({"a": ""}, revision=0)
    bases: list[int | None] = []
    lock = threading.Lock()

    def write(request: SaveRequest) -> int:
        with lock:
            bases.append(request.base_revision)
        return (request.base_revision or 0) + 1

    state.edit("a", "text")
    threads = [threading.Thread(target=state.save, args=(write,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bases == [0]  # the others found nothing left to save
    assert state.revision == 1


@given(st.lists(st.tuples(st.sampled_from("abc"), st.text(max_size=20)), max_size=30))
def test_after_a_successful_save_nothing_is_unsaved(edits: list[tuple[str, str]]) -> None:
    disk = Disk()
    state = SaveState()
    state.loaded({"a": "", "b": "", "c": ""}, revision=0)
    expected = {"a": "", "b": "", "c": ""}
    for key, value in edits:
        state.edit(key, value)
        expected[key] = value
    state.save(disk)
    assert state.unsaved == {}
    assert {**{"a": "", "b": "", "c": ""}, **disk.written} == expected
