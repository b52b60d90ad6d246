"""Flagging an entry for supervision with one key, from wherever it is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from reflect.tui.workers import app_of


def toggle_flag(
    screen: Screen[Any], entry_id: int, flagged_now: bool, then: Callable[[bool], object]
) -> None:
    """Flip "bring to supervision" for ``entry_id`` in the background; say so, and how to undo.

    ``then(flagged)`` runs on the event loop once it is saved, so the screen
    can show the new state. Pressing the key again undoes it.
    """
    app = app_of(screen)
    flagged = not flagged_now

    def saved(_: object) -> None:
        if flagged:
            screen.notify(
                "Flagged: it is on your supervision agenda. f again undoes it.",
                title="Bring to supervision",
            )
        else:
            screen.notify(
                "No longer flagged for supervision. f again flags it.",
                title="Bring to supervision",
            )
        then(flagged)

    app.in_background(
        lambda: app.journal.update_entry(entry_id, flagged=flagged),
        saved,
        what="Changing the supervision flag",
    )
