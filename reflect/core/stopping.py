"""A read that a newer one has made pointless, stopped part way: search as you type.

When the worker types the next letter, the search for the one before may
still be ranking on the other core (bm25 over tens of thousands of matches
takes up to about 200 ms at 100,000 entries), and its rows would be thrown
away when they came. The two searches share the machine's two cores, so
the new one, whose rows the worker waits for, runs slower beside it. The
screen hands each search a `Stop` and calls `Stop.stop` when a newer search
starts: a statement already running is interrupted (SQLite's
``sqlite3_interrupt``, which may be called from another thread), and the
search's next statement is never started (`reflect.core.database.StoppableDb`).

``sqlite3_interrupt`` acts on a whole connection, not on one statement, and
can stay in force until every statement on that connection has finished,
while a pooled connection is lent in turn to autosave and everything else.
So it is only ever called while the search holds the connection (both
sides take the `Stop`'s lock), and a connection it may have reached is
closed rather than given back to the pool (`reflect.core.database`), so the
interrupt can never land on anyone else's statement.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class Stopped(Exception):
    """A read was stopped because a newer one replaced it; its result is not wanted."""


class Stop:
    """What a screen keeps to stop the read it started, from the event loop's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._driver: Any = None
        self._asked = False
        self._reached = False
        self._beside: list[Stop] = []

    @property
    def asked(self) -> bool:
        """Whether `stop` has been called."""
        return self._asked

    @property
    def reached(self) -> bool:
        """Whether an interrupt was sent to the connection the read holds (or held)."""
        return self._reached

    def stop(self) -> None:
        """Stop the read: at once if a statement is running, else before its next.

        Reads `beside` this one are stopped too.
        """
        with self._lock:
            self._asked = True
            if self._driver is not None and not self._reached:
                self._driver.interrupt()
                self._reached = True
            beside = list(self._beside)
        for other in beside:
            other.stop()

    def beside(self) -> Stop:
        """A `Stop` for a read run at the same time as this one, on a connection of its own.

        One `Stop` watches one connection at a time; stopping this one stops
        the new one as well (at once, if this one was stopped already).
        """
        other = Stop()
        with self._lock:
            self._beside.append(other)
            asked = self._asked
        if asked:
            other.stop()
        return other

    @contextmanager
    def watching(self, driver: Any) -> Iterator[None]:
        """While the block runs, `stop` may interrupt ``driver``; raises `Stopped` if it did."""
        with self._lock:
            if self._asked:
                raise Stopped
            self._driver = driver
        try:
            yield
        except Stopped:
            raise
        except Exception as exc:
            # An interrupted statement fails with the driver's own error
            # ("interrupted"); any failure after a stop was asked for is the
            # stop's doing, or of no interest: nobody wants this result.
            if self._asked:
                raise Stopped from exc
            raise
        finally:
            with self._lock:
                self._driver = None
