"""Editing a completed entry: everything on one page, saved as you type.

The version the worker opened is kept in the entry's history on the first
save; later saves in the same sitting change the entry in place, so the history
has one earlier version per sitting rather than one per second of typing.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Select, SelectionList, Static, TextArea

from reflect.core.files import plain_message
from reflect.core.records import EntryDetail
from reflect.tui.widgets.clear import ClearCheckbox
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.tags import TagsForm
from reflect.tui.widgets.visit_details import VisitDetailsForm

# Save this long after the last change (seconds).
AUTOSAVE_DELAY = 1.0


class EditScreen(Screen[None]):
    """Change a completed entry; the earlier version stays in its history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save now", priority=True),
        Binding("escape", "done", "Done"),
    ]

    def __init__(self, entry_id: int, today: date | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.today = today
        self.entry: EntryDetail | None = None
        self._revision_kept = False
        self._dirty = False
        self._ready = False
        self._timer: Timer | None = None
        self._saving = False
        # The last save failed (not merely a visit detail waiting to be fixed).
        self.save_failed = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("Opening…", id="edit-status", classes="muted", markup=False)
        yield VerticalScroll(id="edit")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    @work(exit_on_error=False, group="edit")
    async def load(self) -> None:
        """Read the entry to edit (off the event loop)."""
        journal = self.app.journal  # type: ignore[attr-defined]
        entry = await asyncio.to_thread(journal.get_entry, self.entry_id)
        await self._fill(entry)

    async def _fill(self, entry: EntryDetail) -> None:
        self.entry = entry
        app: Any = self.app
        today = self.today or app.today or date.today()
        form = self.query_one("#edit", VerticalScroll)
        details = VisitDetailsForm(app.library, today, id="edit-details")
        answers = []
        for number, answer in enumerate(entry.answers, start=1):
            answers += [
                Static(answer.theme or f"Question {number}", classes="edit-theme", markup=False),
                Static(answer.question, classes="edit-question", markup=False),
                TextArea(
                    answer.text,
                    id=f"answer-{number}",
                    classes="edit-answer",
                    soft_wrap=True,
                    show_line_numbers=False,
                ),
            ]
        await form.mount_all(
            [
                Static("Visit details", classes="section-title"),
                details,
                *answers,
                Static("Supervision", classes="section-title"),
                ClearCheckbox("Bring this to supervision", entry.flagged, id="edit-flagged"),
                Static("Question for my supervisor", classes="field-label"),
                TextArea(entry.supervisor_question, id="edit-question-sup", soft_wrap=True),
                Static("Tags", classes="section-title"),
                TagsForm(id="edit-tags"),
            ]
        )
        details.show_entry(entry)
        prompt_set = app.library.sets.get(entry.prompt_set_id)
        theme_names = [p.tag for p in prompt_set.prompts if p.tag] if prompt_set else []
        self.query_one(TagsForm).show_entry(entry, list(dict.fromkeys(theme_names)))
        self._status("Changes save as you type. The version you opened is kept in History.")
        if entry.answers:
            first = self.query_one("#answer-1", TextArea)
            first.move_cursor(first.document.end)  # carry on from the end of the text
            first.focus()
        else:
            self.query_one("#case-code").focus()
        # Filling the form fires change events: only the worker's own count.
        self.call_after_refresh(self._arm)

    def _arm(self) -> None:
        self._ready = True

    def _status(self, message: str) -> None:
        self.query_one("#edit-status", Static).update(message)

    # -- saving ---------------------------------------------------------------

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    @on(ClearCheckbox.Changed)
    @on(SelectionList.SelectionToggled)
    def _changed(self) -> None:
        if not self._ready:
            return
        self._dirty = True
        self._status("Editing… (saves a second after you stop typing)")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_DELAY, self.save)

    def _gather(self, *, asked: bool) -> tuple[dict[str, str], dict[str, Any], bool, Any]:
        """What is on screen: answers, fields, whether the details are good, and the tags."""
        entry = self.entry
        assert entry is not None
        details = self.query_one(VisitDetailsForm).read(focus=asked)
        answers = {
            a.prompt_id: self.query_one(f"#answer-{n}", TextArea).text
            for n, a in enumerate(entry.answers, start=1)
        }
        fields: dict[str, Any] = dict(details or {})
        fields["flagged"] = self.query_one("#edit-flagged", ClearCheckbox).value
        fields["supervisor_question"] = self.query_one("#edit-question-sup", TextArea).text
        return answers, fields, details is not None, self.query_one(TagsForm).chosen()

    def _write(
        self, answers: dict[str, str], fields: dict[str, Any], tags: Any, keep: bool
    ) -> bool:
        """Store the edit; whether the entry changed. Runs in a worker, or when leaving."""
        assert self.entry is not None
        journal = self.app.journal  # type: ignore[attr-defined]
        updated = journal.edit_entry(self.entry.id, answers, keep_revision=keep, **fields)
        themes, pcf, free = tags
        if (themes, pcf, free) != (
            list(updated.themes),
            list(updated.pcf_domains),
            list(updated.free_tags),
        ):
            journal.set_tags(self.entry.id, themes=themes, pcf_domains=pcf, free_tags=free)
        return bool(updated != self.entry)

    def save(self) -> None:
        """The autosave: write what is on screen in a worker, off the event loop."""
        if self.entry is None or not self._dirty:
            return
        if self._saving:
            self._timer = self.set_timer(AUTOSAVE_DELAY, self.save)  # after this one
            return
        answers, fields, details_ok, tags = self._gather(asked=False)
        self._saving = True
        self._dirty = False
        self._save_in_worker(answers, fields, tags, not self._revision_kept, details_ok)

    @work(thread=True, exit_on_error=False, group="edit-save")
    def _save_in_worker(
        self,
        answers: dict[str, str],
        fields: dict[str, Any],
        tags: Any,
        keep: bool,
        details_ok: bool,
    ) -> None:
        try:
            changed = self._write(answers, fields, tags, keep)
        except Exception as exc:
            self.app.call_from_thread(self._saved, None, details_ok, exc)
            return
        self.app.call_from_thread(self._saved, changed, details_ok, None)

    def _saved(self, changed: bool | None, details_ok: bool, error: BaseException | None) -> None:
        self._saving = False
        self.save_failed = error is not None
        if error is not None:  # the words stay on screen; the next change retries
            self._dirty = True
            self._status(
                f"NOT SAVED YET: {plain_message(error)} Your words are still here; "
                "ctrl+s tries again."
            )
            return
        self._revision_kept = self._revision_kept or bool(changed)
        if not details_ok:
            self._dirty = True  # the details are saved once they are fixed
        now = self.app.clock()  # type: ignore[attr-defined]
        note = "" if details_ok else " (not the visit details: see the note there)"
        self._status(f"Saved at {now:%H:%M}{note}. The version you opened is kept in History.")

    def save_now(self) -> bool:
        """Save at once (ctrl+s, leaving, quitting); False if something is not saved."""
        if self.entry is None:
            return True
        answers, fields, details_ok, tags = self._gather(asked=True)
        try:
            changed = self._write(answers, fields, tags, not self._revision_kept)
        except Exception as exc:
            self._saved(None, details_ok, exc)
            return False
        self._dirty = False
        self._saved(changed, details_ok, None)
        return details_ok

    def action_save(self) -> None:
        """Save now."""
        self.save_now()

    def action_done(self) -> None:
        """Save and go back to reading."""
        if self._timer is not None:
            self._timer.stop()
        if self.save_now():
            self.dismiss()
