"""What a screen has typed but not saved, when to save it next, and why the last try failed.

`SaveState` is the headless half of saving as you type: screens tell it what
they hold (``edit``), ask it whether a save is due (``due``), and hand it the
function that writes (``save``). It never stops wanting to save while anything
is unsaved: a failed save is tried again every ``retry_delay`` seconds, for as
long as it takes, and only a successful save or an explicit ``discard`` makes
it content. Its status sentence is what the screen shows, so the screen always
tells the truth about what is saved.

Writes are serialised by a lock, so the event loop may save on the spot (when
the app is closing) while a worker thread's save is still running: the second
waits for the first and then writes only what is still unsaved, based on the
revision the first one left.

Thread-safety: ``edit`` is called on the event loop, ``save`` in a worker or
on the loop; both only hold the small state lock for dictionary copies, never
while the journal is being written.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from reflect.core.files import plain_message
from reflect.core.saving import EntryChangedElsewhere

SAVE_DELAY = 1.0  # seconds from the first unsaved change to its save
RETRY_DELAY = 3.0  # seconds between tries while saving fails

Key = Hashable


@dataclass(frozen=True)
class SaveRequest:
    """What one save must write."""

    changes: dict[Key, Any]  # only what differs from the journal
    base_revision: int | None  # the revision the screen's text is based on (None: not known)
    keep_current: bool = False  # keep the journal's version in history first (see `resolved`)


# Writes a request to the journal; returns the entry's revision afterwards.
Writer = Callable[[SaveRequest], int | None]


@dataclass(frozen=True)
class SaveResult:
    """How one call to `SaveState.save` went."""

    saved: bool  # everything handed to the writer is in the journal (or nothing was unsaved)
    error: str | None = None  # the plain reason it failed
    conflict: EntryChangedElsewhere | None = None


class SaveState:
    """The unsaved changes of one screen and the schedule for saving them."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        save_delay: float = SAVE_DELAY,
        retry_delay: float = RETRY_DELAY,
    ) -> None:
        self.clock = clock
        self.save_delay = save_delay
        self.retry_delay = retry_delay
        self._current: dict[Key, Any] = {}
        self._saved: dict[Key, Any] = {}
        self.revision: int | None = None
        self.error: str | None = None
        self.conflict: EntryChangedElsewhere | None = None
        self._next_at: float | None = None
        self._saving = False
        self._keep_current = False
        self._state_lock = threading.Lock()
        self._write_lock = threading.Lock()

    # -- what the screen holds -------------------------------------------------

    def loaded(self, values: Mapping[Key, Any], revision: int | None = None) -> None:
        """The screen shows exactly what the journal holds (at ``revision``)."""
        with self._state_lock:
            self._current = dict(values)
            self._saved = dict(values)
            self.revision = revision
            self.error = None
            self.conflict = None
            self._next_at = None

    def edit(self, key: Key, value: Any) -> None:
        """The screen now holds ``value`` for ``key``; a save is due soon if it differs."""
        self.edit_many({key: value})

    def edit_many(self, values: Mapping[Key, Any]) -> None:
        """Several changes at once (see `edit`)."""
        with self._state_lock:
            self._current.update(values)
            if self._next_at is None and self._differs():
                # Not pushed back by further typing: while someone types, a
                # save still happens every save_delay seconds.
                self._next_at = self.clock() + self.save_delay

    def value(self, key: Key, default: Any = None) -> Any:
        """What the screen holds for ``key``."""
        with self._state_lock:
            return self._current.get(key, default)

    @property
    def unsaved(self) -> dict[Key, Any]:
        """Everything the screen holds that the journal does not."""
        with self._state_lock:
            return self._pending()

    def _pending(self) -> dict[Key, Any]:
        saved = self._saved
        return {k: v for k, v in self._current.items() if k not in saved or saved[k] != v}

    def _differs(self) -> bool:
        return any(k not in self._saved or self._saved[k] != v for k, v in self._current.items())

    # -- when to save ----------------------------------------------------------

    def due(self) -> bool:
        """Whether a save should start now (unsaved, none running, its time has come)."""
        with self._state_lock:
            if self._saving or self.conflict is not None or not self._differs():
                return False
            if self._next_at is None:
                self._next_at = self.clock() + self.save_delay
            return self.clock() >= self._next_at

    def save_soon(self) -> None:
        """Make a save due at once (ctrl+s, leaving)."""
        with self._state_lock:
            self._next_at = self.clock()

    # -- saving ----------------------------------------------------------------

    def save(self, write: Writer) -> SaveResult:
        """Write what is unsaved now, with ``write``; any thread, one write at a time."""
        with self._write_lock:
            with self._state_lock:
                changes = self._pending()
                request = SaveRequest(changes, self.revision, self._keep_current)
                if not changes:
                    self._next_at = None
                    return SaveResult(saved=True)
                self._saving = True
            try:
                new_revision = write(request)
            except EntryChangedElsewhere as conflict:
                with self._state_lock:
                    self._saving = False
                    self.conflict = conflict
                    self.error = str(conflict)
                return SaveResult(saved=False, error=self.error, conflict=conflict)
            except Exception as exc:
                reason = plain_message(exc)
                with self._state_lock:
                    self._saving = False
                    self.error = reason
                    self._next_at = self.clock() + self.retry_delay
                return SaveResult(saved=False, error=reason)
            with self._state_lock:
                self._saving = False
                self._saved.update(changes)
                self.revision = new_revision
                self.error = None
                self._keep_current = False
                # Typed while this save ran: due after the usual delay.
                self._next_at = self.clock() + self.save_delay if self._differs() else None
            return SaveResult(saved=True)

    def resolved(self, revision: int | None, *, keep_current: bool = False) -> None:
        """A conflict is settled: save on top of ``revision`` next.

        ``keep_current`` asks the next save to keep the journal's version in
        history before writing over it (keeping one's own version). To take
        the other version instead, the screen shows it and calls `loaded`.
        """
        with self._state_lock:
            self._keep_current = keep_current
            self.conflict = None
            self.error = None
            self.revision = revision
            self._next_at = self.clock()

    def discard(self) -> None:
        """Forget the unsaved changes: the person chose to leave without them."""
        with self._state_lock:
            self._saved = dict(self._current)
            self._next_at = None
            self.error = None
            self.conflict = None

    # -- telling the truth -----------------------------------------------------

    @property
    def status(self) -> str | None:
        """The sentence the status line must show while saving fails (None when it does not)."""
        with self._state_lock:
            if self.conflict is not None:
                return (
                    "Not saved yet: this entry was changed in another Reflect window. "
                    "Press ctrl+s to choose: keep yours, or reload the other."
                )
            if self.error is None or not self._differs():
                return None
            reason = self.error.rstrip(".")
            if reason[:2].istitle():  # "The disk is full" reads on from the colon
                reason = reason[0].lower() + reason[1:]
            return f"Not saved yet: {reason}. Trying again every few seconds."
