"""Saving a form as it is typed, and retrying a failed save until it works.

One small, self-contained piece so it can be swapped for the app-wide
retrying autosave when that arrives: a screen gives it a ``snapshot`` (read
the form, on the event loop) and a ``write`` (store it, in a worker thread),
tells it when something ``changed()``, and shows its ``status`` line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Generic, TypeVar

from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from reflect.core.files import plain_message

T = TypeVar("T")

# Typing pauses this long before a save; a failed save is tried again this often.
SAVE_DELAY = 0.8
RETRY_DELAY = 3.0


class RetryingAutosave(Generic[T]):
    """Saves ``snapshot()`` with ``write`` shortly after each change; retries until it works."""

    def __init__(
        self,
        owner: Widget,
        snapshot: Callable[[], T],
        write: Callable[[T], object],
        status: Static,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.owner = owner
        self.snapshot = snapshot
        self.write = write
        self.status = status
        self.now = now
        self.dirty = False
        self.saving = False
        self.failing: str | None = None
        self._timer: Timer | None = None

    @property
    def all_saved(self) -> bool:
        """Whether everything typed is in the journal."""
        return not self.dirty and not self.saving

    def changed(self) -> None:
        """The form changed: save it soon."""
        self.dirty = True
        if not self.failing:
            self._arm(SAVE_DELAY)

    def save_now(self) -> None:
        """Save at once (ctrl+s, or before leaving)."""
        self.dirty = True
        self._flush()

    def _arm(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(delay, self._flush)

    def _flush(self) -> None:
        if self.saving or not self.dirty:
            return
        content = self.snapshot()
        self.dirty = False
        self.saving = True
        self.owner.run_worker(
            lambda: self._write(content), thread=True, group="autosave", exit_on_error=False
        )

    def _write(self, content: T) -> None:
        try:
            self.write(content)
        except Exception as exc:
            self.owner.app.call_from_thread(self._failed, exc)
        else:
            self.owner.app.call_from_thread(self._saved)

    def _saved(self) -> None:
        self.saving = False
        self.failing = None
        self.status.update(f"Draft saved at {self.now():%H:%M}.")
        if self.dirty:
            self._arm(SAVE_DELAY)

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.dirty = True  # what failed is still to be saved
        self.failing = plain_message(exc).rstrip(".")
        self.status.update(f"Not saved yet: {self.failing}. Trying again every few seconds.")
        self._arm(RETRY_DELAY)

    def stop(self) -> None:
        """No more saves (the screen is closing)."""
        if self._timer is not None:
            self._timer.stop()
