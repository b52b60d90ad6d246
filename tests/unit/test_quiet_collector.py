"""Python's full collections wait for a pause in the typing (reflect/tui/quiet_collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from reflect.tui import quiet_collector
from reflect.tui.quiet_collector import AT_MOST, IDLE_AFTER, QuietCollector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock()
    monkeypatch.setattr(quiet_collector.time, "monotonic", clock)
    before = gc.get_threshold()
    yield clock
    gc.set_threshold(*before)
    gc.unfreeze()


def full_collection_due(monkeypatch: pytest.MonkeyPatch, due: bool) -> None:
    counts = (0, 0, 10 if due else 0)
    monkeypatch.setattr(quiet_collector.gc, "get_count", lambda: counts)


def test_it_takes_the_full_collections_over_and_gives_them_back(clock: Clock) -> None:
    before = gc.get_threshold()
    collector = QuietCollector()
    collector.start()
    assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10_000
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_due_collection_waits_for_a_pause_in_the_typing(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    collected: list[int] = []
    monkeypatch.setattr(quiet_collector.gc, "collect", lambda: collected.append(1) or 0)
    collector = QuietCollector()
    full_collection_due(monkeypatch, False)
    assert not collector.tick()  # nothing due: nothing done, whatever the keys
    full_collection_due(monkeypatch, True)
    collector.key_pressed()
    clock.now += IDLE_AFTER / 2
    assert not collector.tick() and not collected  # typing: it waits
    clock.now += IDLE_AFTER
    assert collector.tick() and collected == [1]  # a pause: now


def test_it_waits_no_longer_than_at_most_while_typing_goes_on(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    collected: list[int] = []
    monkeypatch.setattr(quiet_collector.gc, "collect", lambda: collected.append(1) or 0)
    full_collection_due(monkeypatch, True)
    collector = QuietCollector()
    waited = 0.0
    while not collected:
        collector.key_pressed()  # a key every half second, without a pause
        assert not collector.tick() or waited >= AT_MOST
        clock.now += 0.5
        waited += 0.5
        assert waited <= AT_MOST + 1
    assert AT_MOST <= waited <= AT_MOST + 1


def test_two_collectors_give_python_back_its_own_thresholds(clock: Clock) -> None:
    # Two apps in one process: the second must not take the first's raised
    # threshold for Python's own and leave full collections off for good.
    before = gc.get_threshold()
    first = QuietCollector()
    first.start()
    second = QuietCollector()  # made while the first holds them
    second.start()
    first.stop()
    assert gc.get_threshold()[2] > 10_000  # the second still holds them
    second.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    second.stop()  # a second stop changes nothing
    assert gc.get_threshold() == before
