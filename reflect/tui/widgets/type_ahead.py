"""Keys typed while a screen reads what another needs before opening it: kept, handed on.

Some screens read from the journal before they open a form: the CPD list
reads a record's sources, the sessions list a session's entries. A worker
who presses n and types the title at once, as they would on any form, sent
those keys to the list still showing, which has no field for them, and
they were lost (the reflection screen opens at once and keeps them). A
`TypeAhead` holds the keys from the moment the form is asked for until it
is open and settled, then passes them on in order, as the terminal sent
them, so they land in the form's first field.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.worker import Worker, WorkerState


class TypeAhead:
    """The keys typed while one worker reads what a screen needs to open."""

    def __init__(self) -> None:
        self._opening: Worker[Any] | None = None
        self._held: list[events.Key] = []

    def opening(self, worker: Worker[Any]) -> None:
        """From now until `open`, keys are held (or until ``worker`` fails)."""
        self._opening, self._held = worker, []

    @property
    def busy(self) -> bool:
        """Whether a screen is being opened: its key is then typed text, held like any."""
        worker = self._opening
        return worker is not None and worker.state not in (WorkerState.ERROR, WorkerState.CANCELLED)

    def hold(self, event: events.Key) -> bool:
        """Keep ``event`` for the screen being opened; True when it was kept."""
        worker = self._opening
        if worker is None:
            return False
        if worker.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            # It will not open: the failure is told; the keys go as usual again.
            self._opening, self._held = None, []
            return False
        self._held.append(events.Key(event.key, event.character))
        event.stop()
        event.prevent_default()
        return True

    async def open(self, app: App[None], screen: Screen[None]) -> None:
        """Open ``screen``, then pass it the keys held, once it has settled."""
        held, self._opening, self._held = self._held, None, []
        await app.push_screen(screen)

        def pass_on() -> None:
            for key in held:
                key.set_sender(app)
                app.post_message(key)

        # After the screen's own first refresh: a form notes what it holds
        # then, and keys passed on earlier would count as already saved.
        screen.call_after_refresh(pass_on)
