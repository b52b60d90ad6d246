"""Flagging an entry for supervision with one key, from wherever it is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


def toggle_flag(
    screen: Screen[Any], entry_id: int, flagged_now: bool, then: Callable[[bool], object]
) -> None:
    """Flip "bring to supervision" for ``entry_id`` in the background; say so, and how to undo.

    ``then(flagged)`` runs on the event loop once it is saved, so the screen
    can show the new state. Pressing the key again undoes it.
    """
    app: Any = screen.app
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


def carried_question(answer: str, before: str, question: str) -> str | None:
    """The supervisor question after the "for supervision" answer changed, or None to leave it.

    The answer becomes the question while the question is empty or still what
    the answer said before: a question the worker wrote themselves is theirs.
    """
    if question.strip() and question.strip() != before.strip():
        return None
    return answer.strip()


def carry_answer_to_supervision(screen: Any, answer: str, before: str) -> None:
    """Answering the question that fills the supervisor question (``fills =
    "supervisor-question"`` in the prompt set) ticks "bring to supervision" and
    fills the question, as it is typed.

    ``screen`` is the reflection screen: its ``fields`` and its ``#flagged``
    and ``#supervisor-question`` widgets; the widgets' change events save it.
    """
    from textual.widgets import Checkbox, TextArea

    current = str(screen.fields["supervisor_question"])
    question = carried_question(answer, before, current)
    if question is None or question == current:
        return
    screen.fields["supervisor_question"] = question
    screen.query_one("#supervisor-question", TextArea).load_text(question)
    if question:
        screen.fields["flagged"] = True
        screen.query_one("#flagged", Checkbox).value = True
