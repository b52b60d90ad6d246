"""A CPD record in the app: the form, and what it draws on (the list is in cpd_list.py)."""

from __future__ import annotations

import math
from collections.abc import Hashable
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Markdown, SelectionList, Static, TextArea

from reflect.core.autosave import SaveRequest, SaveState
from reflect.core.counting import counted
from reflect.core.cpd import CpdFields, CpdView
from reflect.core.dates import parse_date
from reflect.core.periods import load_data
from reflect.core.records import EntryDetail
from reflect.tui.screens.cpd_sources import (
    MISSING_FIELDS,
    Sources,
    gather_sources,
    source_markdown,
    source_options,
    typed_texts,
)

# The list of records moved to cpd_list.py; still importable from here.
from reflect.tui.widgets.clear import ClearSelectionList
from reflect.tui.widgets.footer import QUIT_KEY, KeysFooter
from reflect.tui.widgets.identifier_check import IdentifierCheck, Texts
from reflect.tui.widgets.saver import Saver
from reflect.tui.workers import in_thread, journal_of

__all__ = ["CpdFormScreen", "Sources", "gather_sources"]

# Seconds from the first unsaved change to its save, and between tries while saving fails.
SAVE_DELAY = 1.0
RETRY_DELAY = 3.0


class CpdFormScreen(Screen[None]):
    """One CPD record in the order of Social Work England's form.

    A draft is saved as it is typed; ctrl+s marks it complete. A complete
    record is edited here too: ctrl+s saves the change and keeps the
    version before it (so a change to it is not saved as it is typed, only
    by ctrl+s or when the app closes: then, if the identifier check would
    ask about it, as a draft to check; see `_write`).

    Saving is the shared `Saver` (reflect/tui/widgets/saver.py): quitting and
    closing the terminal save what is on screen, and a failed save is tried
    again until it works.
    """

    # The title is focused once the record is read, unscrolled: focused earlier
    # (Textual's auto focus; "" turns it off, None means the app's) it was
    # centred, scrolling the lead and its label away.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save as complete", priority=True),
        Binding("escape", "leave", "Close"),
        QUIT_KEY,
    ]

    def __init__(self, record: CpdView | None, sources: Sources, today: date | None = None) -> None:
        super().__init__()
        self.record = record
        self.sources = sources
        self.today = today or date.today()
        self.record_id = record.id if record else None
        self.editing_complete = record is not None and record.complete
        self._filled = False
        # Set by ctrl+s on a complete form: the next save completes the record.
        self._completing = False
        self._written: CpdFields | None = None  # what the journal holds, as last written
        # A change saved without the check (ctrl+c) made the record a draft: said once.
        self._kept_unchecked = False
        self.save_state = SaveState(
            save_delay=math.inf if self.editing_complete else SAVE_DELAY, retry_delay=RETRY_DELAY
        )
        self.saver = Saver(
            self,
            self.save_state,
            write=self._write,
            status=self._show_status,
            capture=self._capture,
        )
        # A record goes to Social Work England: ctrl+s asks "Please check before
        # saving" as every other save of typed text does (drafts save as typed).
        self.check = IdentifierCheck(self)

    def compose(self) -> ComposeResult:
        f = self.record.fields if self.record else CpdFields(activity_date=self.today)
        frameworks = load_data("frameworks.toml")
        yield Header(show_clock=False, icon="")
        with Horizontal(id="cpd-form-row"):
            with VerticalScroll(id="cpd-form", can_focus=False):  # its fields are the tab stops
                yield Static(
                    "Write it in your own words, in the order of Social Work England's form. "
                    "Never the names of people you work with.",
                    classes="lead",
                )
                yield Static("", id="cpd-status", classes="field-note", markup=False)
                yield Static("Title", classes="field-label")
                yield Input(f.title, id="cpd-title", compact=True)
                yield Static("Type of CPD", classes="field-label")
                yield Input(
                    f.cpd_type,
                    id="cpd-type",
                    compact=True,
                    placeholder=", ".join(frameworks["cpd_types"]["choices"][:4]) + ", …",
                )
                yield Static("Date", classes="field-label")
                yield Input(f"{f.activity_date:%d/%m/%Y}", id="cpd-date", compact=True)
                yield Static("A short description, and why it is relevant", classes="field-label")
                yield TextArea(f.description, id="cpd-description", soft_wrap=True)
                yield Static("What I learnt", classes="field-label")
                yield TextArea(f.learnt, id="cpd-learnt", soft_wrap=True)
                yield Static(
                    "The impact on my practice and on the people I work with",
                    classes="field-label",
                )
                yield TextArea(f.impact, id="cpd-impact", soft_wrap=True)
                yield Static(
                    "Peer reflection: what I learnt from discussing it with a peer "
                    "(supervision counts)",
                    classes="field-label",
                )
                yield TextArea(f.peer_reflection, id="cpd-peer", soft_wrap=True)
                yield Static("The peer's role, never their name", classes="field-label")
                yield Input(
                    f.peer_role, id="cpd-peer-role", compact=True, placeholder="my supervisor"
                )
                yield Static("Professional standards (optional)", classes="field-label")
                yield ClearSelectionList(
                    *(
                        (f"{s['id']} {s['title']}", str(s["id"]), str(s["id"]) in f.standards)
                        for s in frameworks["standards"]
                    ),
                    id="cpd-standards",
                )
                yield Static("PCF domains (optional)", classes="field-label")
                yield ClearSelectionList(
                    *((d, d, d in f.pcf_domains) for d in frameworks["pcf"]["domains"]),
                    id="cpd-pcf",
                )
                yield Static("Draws on (optional): space ticks", classes="field-label")
                yield ClearSelectionList(*source_options(self.sources, f), id="cpd-sources")
            with VerticalScroll(id="cpd-drawn"):
                yield Markdown("", id="cpd-drawn-md")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.record is not None and not self.editing_complete and self.sources.versions:
            # Only a change kept as Reflect closed makes a draft with earlier versions.
            self.query_one("#cpd-status", Static).update(
                "Was complete: a change was kept as a draft when Reflect closed, not checked "
                "yet. ctrl+s checks it and completes it again."
            )
        if self.editing_complete:
            kept = self.sources.versions
            earlier = ""
            if kept:
                earlier = f" {counted(kept, 'earlier version is', 'earlier versions are')} kept."
            self.query_one("#cpd-status", Static).update(
                "A complete record: ctrl+s saves your change and keeps the earlier version."
                + earlier
            )
        # Not scrolled to: the form opens at its top, the lead and label in view.
        self.query_one("#cpd-title", Input).focus(scroll_visible=False)
        self._show_drawn()
        self.check.read_words()
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self._written = self._fields()
        self.save_state.loaded(self._values())
        self._filled = True
        self.saver.start()

    # -- the form -------------------------------------------------------------

    def _date(self) -> date | None:
        try:
            return parse_date(self.query_one("#cpd-date", Input).value, today=self.today)
        except ValueError:
            return None

    def _fields(self) -> CpdFields:
        ticked = [str(v) for v in self.query_one("#cpd-sources", ClearSelectionList).selected]
        fallback = self.record.fields.activity_date if self.record else self.today
        return CpdFields(
            title=self.query_one("#cpd-title", Input).value,
            cpd_type=self.query_one("#cpd-type", Input).value,
            description=self.query_one("#cpd-description", TextArea).text,
            activity_date=self._date() or fallback,
            learnt=self.query_one("#cpd-learnt", TextArea).text,
            impact=self.query_one("#cpd-impact", TextArea).text,
            peer_reflection=self.query_one("#cpd-peer", TextArea).text,
            peer_role=self.query_one("#cpd-peer-role", Input).value,
            standards=tuple(
                str(v) for v in self.query_one("#cpd-standards", ClearSelectionList).selected
            ),
            pcf_domains=tuple(
                str(v) for v in self.query_one("#cpd-pcf", ClearSelectionList).selected
            ),
            entry_ids=tuple(int(v[1:]) for v in ticked if v.startswith("e")),
            session_ids=tuple(int(v[1:]) for v in ticked if v.startswith("s")),
        )

    def _values(self) -> dict[Hashable, Any]:
        """What is on screen, keyed for the save state."""
        fields = self._fields()
        # Completing waits for ctrl+s, and for a form with nothing missing.
        return {"fields": fields, "complete": self._completing and not fields.missing()}

    def _capture(self) -> None:
        if self._filled:
            self.save_state.edit_many(self._values())

    def _write(self, request: SaveRequest) -> None:
        """In a worker (or on the spot when closing): store what the form holds."""
        journal = journal_of(self)
        fields = request.changes.get("fields", self._written)
        assert fields is not None
        if self.editing_complete:
            assert self.record_id is not None
            if request.changes.get("complete") or not self.check.would_ask(typed_texts(fields)):
                journal.edit_cpd(self.record_id, fields)  # checked, as ctrl+s does
            else:
                # Saved without ctrl+s (quitting, the terminal closed): the
                # check has not passed, and nobody is there to ask. Kept, as
                # a draft that ctrl+s completes after the check (review 26).
                journal.keep_cpd_change_as_draft(self.record_id, fields)
                self.editing_complete = False
                self._kept_unchecked = True
                self.save_state.save_delay = SAVE_DELAY  # a draft saves as it is typed
        else:
            if self.record_id is None:
                self.record_id = journal.create_cpd(fields).id
            elif not request.changes.get("complete"):
                journal.save_cpd_draft(self.record_id, fields)
            if request.changes.get("complete"):
                journal.complete_cpd(self.record_id, fields)
                # Changes from now on keep the version before them.
                self.editing_complete = True
        self._written = fields

    def _show_status(self, message: str, failed: bool) -> None:
        if not failed and self._kept_unchecked:
            self._kept_unchecked = False
            message = (
                "Kept as a draft: the change is not checked yet. "
                "ctrl+s checks it and completes it again."
            )
        elif not failed:
            what = "Change" if self.editing_complete else "Draft"
            message = f"{what} {message[0].lower()}{message[1:]}."
        status = self.query_one("#cpd-status", Static)
        status.update(message)
        status.set_class(failed, "failed")

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event: Any) -> None:
        if isinstance(event, SelectionList.SelectedChanged) and event.control.id == "cpd-sources":
            self._show_drawn()
        self._capture()

    def _show_drawn(self) -> None:
        journal = journal_of(self)
        fields = self._fields()
        sessions = [s for s in self.sources.sessions if s.id in fields.session_ids]

        async def show(entries: list[EntryDetail]) -> None:
            markdown = source_markdown(entries, sessions)
            await self.query_one("#cpd-drawn-md", Markdown).update(markdown)

        in_thread(
            self,
            lambda: [journal.get_entry(i) for i in fields.entry_ids],
            show,
            what="Reading what it draws on",
            group="cpd-drawn",
            exclusive=True,
        )

    # -- saving and leaving ---------------------------------------------------

    def action_save(self) -> None:
        """Save as complete (or save the change to a complete record)."""
        if not self._filled:
            return
        if self._date() is None:
            self.query_one("#cpd-status", Static).update(
                "Please check the date: write it like 14/11/2026."
            )
            self.query_one("#cpd-date").focus()
            return
        fields = self._fields()
        missing = fields.missing()
        if missing:
            self.saver.save_now()
            said = (
                ("Not complete yet" if self.editing_complete else "Saved as a draft")
                + ". To complete it, please write: "
                + "; ".join(missing)
                + "."
            )
            self.query_one("#cpd-status", Static).update(said)
            # The status line is at the top of a form that is often scrolled
            # away: a notice says it where the worker is looking, and the
            # first part still to write comes into view with the cursor in it.
            self.notify(said, title="Not complete yet", timeout=12)
            first = MISSING_FIELDS.get(missing[0])
            if first is not None:
                # Brought into view at once. A scroll still gliding to the
                # field focused before (tab moves glide) is ended first:
                # finishing later, it took the form back there.
                field = self.query_one(first).focus(scroll_visible=False)
                form = self.query_one("#cpd-form")
                self.app.animator.force_stop_animation(form, "scroll_y")
                form.scroll_to_widget(field, animate=False)
            return
        if self.editing_complete and not self.save_state.unsaved:
            assert self.record is not None
            if fields == self.record.fields:
                self.dismiss()  # nothing changed: no version to keep
                return
        self.check.before_saving(self._typed_texts(), self._replace, self._complete)

    def _typed_texts(self) -> Texts:
        """What the identifier check reads: every part of the form the worker types."""
        return typed_texts(self._fields())

    def _replace(self, masked: dict[str, str]) -> None:
        for key, text in masked.items():
            field = self.query_one(f"#{key}")
            if isinstance(field, TextArea):
                field.load_text(text)
            else:
                self.query_one(f"#{key}", Input).value = text
        self._capture()

    def _complete(self) -> None:
        """Complete the record (or save the change to a complete one), then close."""
        changing = self.editing_complete
        self._completing = True
        self._capture()

        def done() -> None:
            self.notify(
                "CPD record saved; the earlier version is kept."
                if changing
                else "CPD record complete: it counts towards this registration year.",
                title="CPD",
            )
            self.dismiss()

        # If it fails, the status line says why and it is tried again until it works.
        self.saver.leave(done, ask=False)

    def save_blocking(self) -> None:
        """Save on the spot (the app is closing); raises when something is not saved."""
        if self._filled:
            self.saver.save_blocking()

    def action_leave(self) -> None:
        """Close: a draft is saved first; an unsaved change to a complete record asks first."""
        if not self._filled:
            self.dismiss()
            return
        self._capture()
        if not self.editing_complete:
            self.saver.leave(self.dismiss)
            return
        self.saver.leave_unsaved(
            self.dismiss,
            "Leave without saving this change? The record stays as it was.",
        )
