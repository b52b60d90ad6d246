"""The state of editing a completed entry, without a screen.

`EntryEdit` holds the entry being changed and its `SaveState`, keys what the
screen shows for that state, and writes a save: the version the worker opened
is kept in the entry's history on the first save that changes something;
later saves in the same sitting change the entry in place, so the history has
one earlier version per sitting rather than one per second of typing. The
edit screen (reflect/tui/screens/edit.py) reads its widgets into `values` and
draws the rest (tests/unit/test_editing.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from reflect.core.autosave import SAVE_DELAY, SaveRequest, SaveState
from reflect.core.records import EntryDetail

if TYPE_CHECKING:
    from reflect.core.journal import Journal

Tags = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # themes, PCF domains, free tags


def edit_values(
    entry: EntryDetail,
    answers: list[str],
    details: Mapping[str, Any] | None,
    *,
    flagged: bool,
    supervisor_question: str,
    tags: Tags,
) -> dict[Hashable, Any]:
    """What the edit screen shows, keyed for the save state.

    ``answers`` are in the entry's order. Visit details with a problem
    (``details`` None) are left out until they are fixed.
    """
    values: dict[Hashable, Any] = {
        ("answer", a.prompt_id): text for a, text in zip(entry.answers, answers, strict=True)
    }
    values.update({("field", k): v for k, v in (details or {}).items()})
    values[("field", "flagged")] = flagged
    values[("field", "supervisor_question")] = supervisor_question
    values["tags"] = tags
    return values


def split_changes(changes: Mapping[Hashable, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answers and the fields among keyed changes."""
    keyed = [(k, v) for k, v in changes.items() if isinstance(k, tuple)]
    answers = {k[1]: v for k, v in keyed if k[0] == "answer"}
    fields = {k[1]: v for k, v in keyed if k[0] == "field"}
    return answers, fields


class EntryEdit:
    """One sitting of changes to one completed entry."""

    def __init__(self, entry_id: int, *, save_delay: float = SAVE_DELAY) -> None:
        self.entry_id = entry_id
        self.entry: EntryDetail | None = None
        self.save_state = SaveState(save_delay=save_delay)
        # The version opened is in history (kept by the first save that changed something).
        self.revision_kept = False

    def opened(self, entry: EntryDetail, values: Mapping[Hashable, Any]) -> None:
        """The screen shows ``entry`` as ``values``: nothing is unsaved."""
        self.entry = entry
        self.save_state.loaded(values, entry.revision)

    def write(self, journal: Journal, request: SaveRequest) -> int:
        """Store one save (in a worker, or on the spot when closing); the new revision."""
        answers, fields = split_changes(request.changes)
        saved = journal.save_entry(
            self.entry_id,
            answers,
            fields,
            base_revision=request.base_revision,
            keep_current=request.keep_current or not self.revision_kept,
        )
        self.revision_kept = self.revision_kept or saved.changed
        if "tags" in request.changes:
            themes, pcf, free = request.changes["tags"]
            journal.set_tags(self.entry_id, themes=themes, pcf_domains=pcf, free_tags=free)
        return int(saved.revision)

    def keep_mine(self, journal: Journal) -> None:
        """After a conflict, before reloading the other version: keep the unsaved words."""
        answers, fields = split_changes(self.save_state.unsaved)
        journal.keep_version(self.entry_id, answers, fields)
