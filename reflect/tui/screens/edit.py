"""Editing a completed entry: everything on one page, saved as you type.

The version the worker opened is kept in the entry's history on the first
save; later saves in the same sitting change the entry in place, so the history
has one earlier version per sitting rather than one per second of typing.

Saving is the shared `Saver` (reflect/tui/widgets/saver.py): in a worker, a
second after a change, tried again every few seconds while it fails, before
leaving, and refused (with a choice) when another window saved first.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Select, SelectionList, Static, TextArea

from reflect.core.editing import EntryEdit, edit_values
from reflect.core.records import EntryDetail
from reflect.tui.widgets.clear import ClearCheckbox
from reflect.tui.widgets.footer import QUIT_KEY, KeysFooter
from reflect.tui.widgets.identifier_check import IdentifierCheck, Texts
from reflect.tui.widgets.saver import Saver
from reflect.tui.widgets.tags import TagsForm
from reflect.tui.widgets.visit_details import VisitDetailsForm
from reflect.tui.workers import app_of, in_thread, journal_of

# Save this long after the last change (seconds).
AUTOSAVE_DELAY = 1.0


class EditScreen(Screen[None]):
    """Change a completed entry; the earlier version stays in its history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save now", priority=True),
        Binding("escape", "done", "Done"),
        QUIT_KEY,
    ]

    def __init__(self, entry_id: int, today: date | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.today = today
        self.entry: EntryDetail | None = None
        self._ready = False
        # What is being changed and what is saved: the headless half (core/editing.py).
        self.edit = EntryEdit(entry_id, save_delay=AUTOSAVE_DELAY)
        self.save_state = self.edit.save_state
        self.saver = Saver(
            self,
            self.save_state,
            write=lambda request: self.edit.write(journal_of(self), request),
            status=self._show_save_status,
            reload=self._reload,
            keep_mine_in_history=lambda: self.edit.keep_mine(journal_of(self)),
            capture=self._capture,
        )
        # "Please check before saving", with the word lists, as a new reflection has.
        self.check = IdentifierCheck(self)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("Opening…", id="edit-status", classes="muted", markup=False)
        yield VerticalScroll(id="edit")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()
        self.check.read_words()

    def load(self) -> None:
        """Read the entry to edit (off the event loop)."""
        journal, entry_id = journal_of(self), self.entry_id
        in_thread(
            self, lambda: journal.get_entry(entry_id), self._show, what="Opening it", group="edit"
        )

    async def _show(self, entry: EntryDetail) -> None:
        self._ready = False
        await self.query_one("#edit", VerticalScroll).remove_children()
        await self._fill(entry)

    async def _fill(self, entry: EntryDetail) -> None:
        self.entry = entry
        app = app_of(self)
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
        assert self.entry is not None
        self.edit.opened(self.entry, self._values())
        self._ready = True
        self.saver.start()

    def _capture(self) -> None:
        """Read the form into the save state (its change events may not have run yet)."""
        if self._ready:
            self.save_state.edit_many(self._values())

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
        self.save_state.edit_many(self._values())
        # Only a real change says so: filling the form fires change events too.
        if self.save_state.unsaved and self.save_state.status is None:
            self._status("Editing… (saves a second after you stop typing)")

    def _values(self, *, asked: bool = False) -> dict[Hashable, Any]:
        """What is on screen, keyed for the save state.

        Visit details with a problem are left out until they are fixed (the
        form shows the problem); ``asked`` moves the cursor to it.
        """
        entry = self.entry
        assert entry is not None
        themes, pcf, free = self.query_one(TagsForm).chosen()
        return edit_values(
            entry,
            [
                self.query_one(f"#answer-{n}", TextArea).text
                for n in range(1, len(entry.answers) + 1)
            ],
            self.query_one(VisitDetailsForm).read(focus=asked),
            flagged=self.query_one("#edit-flagged", ClearCheckbox).value,
            supervisor_question=self.query_one("#edit-question-sup", TextArea).text,
            tags=(tuple(themes), tuple(pcf), tuple(free)),
        )

    def _show_save_status(self, message: str, failed: bool) -> None:
        if not failed:
            message += ". The version you opened is kept in History."
        self._status(message)
        self.query_one("#edit-status", Static).set_class(failed, "failed")

    def _reload(self) -> None:
        """Show the entry as the journal holds it now (after choosing the other version)."""
        self.save_state.discard()
        self.load()

    def save_blocking(self) -> None:
        """Save on the spot (the app is closing); raises when something is not saved."""
        if self.entry is None or not self._ready:
            return
        self.saver.save_blocking()

    def _typed_texts(self) -> Texts:
        """What the identifier check reads: every answer and the supervisor question."""
        assert self.entry is not None
        texts = [
            (
                answer.theme or answer.question,
                f"answer-{n}",
                self.query_one(f"#answer-{n}", TextArea).text,
            )
            for n, answer in enumerate(self.entry.answers, start=1)
        ]
        question = self.query_one("#edit-question-sup", TextArea).text
        return [*texts, ("Question for your supervisor", "edit-question-sup", question)]

    def _replace(self, masked: dict[str, str]) -> None:
        for key, text in masked.items():
            self.query_one(f"#{key}", TextArea).load_text(text)
        self._capture()

    def action_save(self) -> None:
        """Save now (after the identifier check)."""
        if self.entry is not None and self._ready:
            self._values(asked=True)  # show (and go to) a visit detail with a problem
            self._capture()
            self.check.before_saving(self._typed_texts(), self._replace, self.saver.save_now)

    def action_done(self) -> None:
        """Save and go back to reading."""
        if self.entry is None or not self._ready:
            self.dismiss()
            return
        if self.query_one(VisitDetailsForm).read(focus=True) is None:
            return  # the form shows what to fix; nothing is lost by staying
        self._capture()
        self.check.before_saving(
            self._typed_texts(), self._replace, lambda: self.saver.leave(self.dismiss)
        )
