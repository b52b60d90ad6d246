"""Python's full garbage collection, moved to a moment when nobody is typing.

Drawing a screen makes many short-lived objects, so Python collects its
oldest generation every few seconds of typing, and each such collection
held the app still for 60 to 120 ms at 10,000 entries: 13 of them in two
passes of the search-as-you-type benchmark, each landing on a key (the
slow keys of its 95th percentile; timed with `gc.callbacks`). So, once
the app is up:

- what start-up made is frozen (`gc.freeze`): it lives as long as the app,
  and need not be walked again by every full collection;
- the oldest generation is not collected on Python's own count, but by a
  timer, as often as Python would have, once no key has come for
  `IDLE_AFTER` seconds (and at once if it has waited `AT_MOST` seconds,
  so memory stays bounded even while someone types on and on).

The young generations are collected as before: they hold nearly all the
garbage, and each of their collections takes well under a millisecond.
"""

from __future__ import annotations

import gc
import time

# Seconds without a key before a full collection may run.
IDLE_AFTER = 1.0
# A full collection waits at most this long for a pause in the typing.
AT_MOST = 30.0
# How often the timer looks.
EVERY = 0.5


# Python's own thresholds while any collector holds them, and how many do:
# two apps in one process (the tests of two windows) share one garbage
# collector, so the first to start takes it over and the last to stop gives
# it back, as Python had it.
_held: list[tuple[int, int, int]] = []


class QuietCollector:
    """Runs Python's full collections between keys (see the module's docstring)."""

    def __init__(self) -> None:
        self.last_key = time.monotonic()
        self._due_since: float | None = None
        self._started = False

    @property
    def _threshold(self) -> tuple[int, int, int]:
        """Python's own thresholds (as they were before any collector started)."""
        return _held[0] if _held else gc.get_threshold()

    def start(self) -> None:
        """Freeze what start-up made and take the full collections over."""
        if self._started:
            return
        self._started = True
        if not _held:
            first, second, third = gc.get_threshold()
            # Python's own count for the oldest generation, made unreachable.
            gc.set_threshold(first, second, 1_000_000)
            _held.append((first, second, third))
        else:
            _held.append(_held[0])
        gc.freeze()

    def stop(self) -> None:
        """Give the full collections back to Python when the last collector stops."""
        if not self._started:
            return
        self._started = False
        thresholds = _held.pop()
        if not _held:
            gc.set_threshold(*thresholds)
            gc.unfreeze()

    def key_pressed(self) -> None:
        """A key came: not now."""
        self.last_key = time.monotonic()

    def tick(self) -> bool:
        """Collect fully if Python would have by now and no key has come lately; True if done."""
        now = time.monotonic()
        if gc.get_count()[2] < self._threshold[2]:
            self._due_since = None
            return False
        if self._due_since is None:
            self._due_since = now
        if now - self.last_key < IDLE_AFTER and now - self._due_since < AT_MOST:
            return False
        gc.collect()
        self._due_since = None
        return True
