"""Keeping a large journal's kept search rankings up to date, while nobody types.

Any change to an entry's words sets the rankings kept ahead aside
(reflect/core/kept_rankings.py): search stays exact, ranking every match,
but at 100,000 entries a common word then takes 50 to 130 ms a key again.
So every `CHECK_EVERY` seconds, once no key has been pressed for `IDLE`
seconds, a thread checks whether they fit the journal and, if not, makes
them again (about a minute of one core at 100,000 entries; a journal under
`KEPT_FROM` entries has none, and the check costs a count). Nothing is
shown: search works the same meanwhile, only slower. Leaving the app stops
the making between two words; what was made is then not written, nor is it
when the journal changes meanwhile (a save), which the making notices
within a few seconds and stops for.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from reflect.tui.workers import in_thread

if TYPE_CHECKING:
    from reflect.tui.app import ReflectApp

# Seconds between checks, and without a key before one starts.
CHECK_EVERY = 30.0
IDLE = 10.0
GIVE_UP_AFTER = 3


class RankingUpkeep:
    """Makes the kept rankings again in a thread when they no longer fit and the app is idle."""

    def __init__(self, app: ReflectApp) -> None:
        self.app = app
        self.running = False
        self.stopping = False
        # Failures in a row: a journal busy for a moment (another Reflect
        # writing) is tried again at the next idle tick; one that fails
        # `GIVE_UP_AFTER` times in a row (read-only, damaged) is left alone.
        self.failures = 0

    def tick(self) -> None:
        """Start a check (and, if needed, the making) unless one runs or a key came lately."""
        if self.running or self.failures >= GIVE_UP_AFTER or self.stopping:
            return
        if getattr(self.app, "journal", None) is None:
            return  # not unlocked yet
        if time.monotonic() - self.app.quiet_collector.last_key < IDLE:
            return
        self.running = True
        in_thread(self.app, self._work, self._done, failed=self._failed, group="rankings")

    def stop(self) -> None:
        """The app is ending: stop between two words."""
        self.stopping = True

    def _work(self) -> int | None:
        journal = self.app.journal
        if journal.rankings_kept():
            return None
        return journal.keep_rankings(stop=lambda: self.stopping)

    def _done(self, _kept: int | None) -> None:
        self.running = False
        self.failures = 0

    def _failed(self, _error: BaseException) -> None:
        # Search ranks every match without them: nothing the worker must hear about.
        self.running = False
        self.failures += 1
