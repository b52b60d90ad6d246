"""Exporting a term from the app: choose the period, options and format, preview, write the file.

The screen remembers the last choices (format, anonymise, flagged only,
drafts) and the title block in export.toml beside the settings file, and
after writing it shows where the file went until the worker leaves.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Markdown,
    ProgressBar,
    Select,
    Static,
)
from textual.worker import Worker

from reflect.core.counting import what_was_exported
from reflect.core.dates import parse_date
from reflect.core.export import ExportScope, TitleBlock, file_name
from reflect.core.export.settings import (
    ExportSettings,
    SettingsUnreadable,
    load_settings,
    save_settings,
)
from reflect.core.journal import Journal
from reflect.core.periods import recent_registration_years
from reflect.core.records import TermView
from reflect.core.terms import add_terms, current_academic_year
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.export_choice import (
    CHECKBOXES,
    CUSTOM,
    Choice,
    default_folder,
    preview,
    remembered,
    term_options,
    write_file,
)
from reflect.tui.screens.export_layout import export_layout
from reflect.tui.workers import app_of, in_thread, journal_of


class ExportScreen(Screen[None]):
    """Export a term (or dates of the worker's choosing) as a document or an archive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", priority=True),
        Binding("ctrl+t", "terms", "Terms", priority=True),
        Binding("ctrl+b", "title_block", "About you", priority=True),
        Binding("escape", "close", "Close"),
    ]

    def __init__(
        self,
        today: date | None = None,
        folder: Path | None = None,
        settings_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.today = today or date.today()
        self.folder = folder
        self.settings_file = settings_file
        self.settings = ExportSettings()
        self.terms: list[TermView] = []
        self._path_edited = False
        self._writing: Worker[int] | None = None  # the export being written, if any
        # The status line says how the export went until a choice changes: a
        # preview landing after the export began (the title block's) said
        # "Ready to export" over "Exported ..." (review 22).
        self._status_is_export = False
        # "Exported ..." is the form's last line: the form scrolls to it as
        # its longer text is laid out, until a choice changes (see _form_grew).
        self._reveal_status = False

    @property
    def journal(self) -> Journal:
        return journal_of(self)

    def compose(self) -> ComposeResult:
        yield from export_layout()

    def on_mount(self) -> None:
        self.watch(self.query_one("#export-form"), "virtual_size", self._form_grew, init=False)
        self.query_one("#export-dates").display = False
        self.query_one("#add-terms").display = False
        self.query_one("#export-progress").display = False
        self.query_one("#export-msg").display = False
        self._remember()
        self._load_terms()

    def _remember(self) -> None:
        """Set the form to the last choices (a small file, read once)."""
        if self.settings_file is None:
            return
        try:
            self.settings = load_settings(self.settings_file)
        except SettingsUnreadable as exc:
            self._message(f"{exc} Your choices will not be remembered until it is fixed.")
            self.settings_file = None
            return
        for key, selector in CHECKBOXES.items():
            self.query_one(selector, Checkbox).value = self.settings.last_choices.get(key, False)
        self.query_one("#export-format", Select).value = self.settings.last_format

    def _load_terms(self) -> None:
        in_thread(
            self,
            self._read_terms,
            self._show_terms,
            what="Reading the journal",
            group="export-terms",
            exclusive=True,
        )

    def _read_terms(self) -> list[TermView]:
        terms = self.journal.terms()
        return terms

    def _show_terms(self, terms: list[TermView]) -> None:
        # The registration year is built in: no setup, listed after the worker's own.
        terms = [*terms, *(y.as_term() for y in recent_registration_years(self.today))]
        self.terms = terms
        select = self.query_one("#export-term", Select)
        select.set_options(term_options(terms))
        current = next((t for t in terms if t.contains(self.today)), terms[-1] if terms else None)
        select.value = current.name if current else CUSTOM
        self.query_one("#add-terms").display = not any(t.id for t in terms)
        select.focus()

    # -- reading the choices ----------------------------------------------------------

    def _message(self, text: str) -> None:
        message = self.query_one("#export-msg", Static)
        message.update(text)
        message.display = bool(text)

    def _choice(self) -> Choice | None:
        chosen = self.query_one("#export-term", Select).value
        term = next((t for t in self.terms if t.name == chosen), None)
        start = end = None
        if term is None:
            try:
                start = parse_date(self.query_one("#export-from", Input).value, today=self.today)
                end = parse_date(self.query_one("#export-to", Input).value, today=self.today)
            except ValueError as exc:
                self._message(f"Please check the dates: {exc}")
                return None
            if end < start:
                self._message("The end date is before the start date.")
                return None
        self._message("")
        scope = ExportScope(
            start=start,
            end=end,
            term=term,
            flagged_only=self.query_one("#export-flagged", Checkbox).value,
            include_drafts=self.query_one("#export-drafts", Checkbox).value,
            anonymise=self.query_one("#export-anonymise", Checkbox).value,
        )
        return Choice(scope, str(self.query_one("#export-format", Select).value))

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(Input.Changed, "#export-from, #export-to")
    def _changed(self, event: Any) -> None:
        if isinstance(event, Select.Changed) and event.select.id == "export-term":
            self.query_one("#export-dates").display = event.value == CUSTOM
        choice = self._choice()
        if choice is None:
            return
        self._status_is_export = self._reveal_status = False
        if not self._path_edited:
            folder = self.folder or default_folder()
            self.query_one("#export-path", Input).value = str(
                folder / file_name(choice.scope, choice.fmt)
            )
        self._preview(choice)

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            self._path_edited = True

    def _preview(self, choice: Choice) -> None:
        """Build the document in a worker; a newer choice cancels an older preview."""
        journal, title, generated = self.journal, self.settings.title, app_of(self).clock()
        in_thread(
            self,
            lambda: preview(journal, choice, title, generated),
            lambda shown: self._show_preview(*shown),
            what="The preview",
            group="export-preview",
            exclusive=True,
        )

    def _show_preview(self, head: str, summary: str) -> None:
        self.query_one("#export-preview", Markdown).update(head)
        if not self._status_is_export:
            self.query_one("#export-status", Static).update(f"Ready to export: {summary}")

    # -- actions ----------------------------------------------------------------------

    @on(Button.Pressed, "#add-terms")
    def _add_terms(self) -> None:
        # A term of the worker's own with the same name is kept (add_terms skips).
        terms = current_academic_year(self.today)
        app = app_of(self)
        app.in_background(
            lambda: add_terms(self.journal, terms),
            lambda _: self._load_terms(),
            what="Adding the terms",
        )

    def action_title_block(self, then_export: bool = False) -> None:
        """Ask for the lines at the top of the document; kept for next time."""
        from reflect.tui.screens.title_block import TitleBlockScreen

        def answered(title: TitleBlock | None) -> None:
            self.settings = replace(
                self.settings, title=title or self.settings.title, title_asked=True
            )
            self._save_settings()
            choice = self._choice()
            if choice is not None:
                self._preview(choice)
            if then_export:
                self.action_export()

        self.app.push_screen(TitleBlockScreen(self.settings.title), answered)

    def _save_settings(self, choice: Choice | None = None) -> None:
        if choice is not None:
            self.settings = remembered(self.settings, choice)
        if self.settings_file is not None:
            try:
                save_settings(self.settings_file, self.settings)
            except OSError as exc:
                self.notify(f"Your choices could not be kept: {exc}", severity="warning")

    def action_export(self) -> None:
        """Write the file (asks for the title block the first time, and before replacing one)."""
        choice = self._choice()
        if choice is None:
            return
        if not self.settings.title_asked and self.settings_file is not None:
            self.action_title_block(then_export=True)
            return
        path = Path(self.query_one("#export-path", Input).value).expanduser()
        if path.exists():

            def answered(replace: bool | None) -> None:
                if replace:
                    self._write(choice, path, force=True)

            self.app.push_screen(
                ConfirmScreen(f"{path} already exists. Replace it?", yes="Replace", no="Keep it"),
                answered,
            )
            return
        self._write(choice, path, force=False)

    def _write(self, choice: Choice, path: Path, *, force: bool) -> None:
        if self._writing is not None and self._writing.is_running:
            # One export at a time: a second would be refused by the first's
            # lock on the file, and cancelling the first would lose its outcome.
            self.notify("An export is being written; it will say when it is done.")
            return
        journal, title, app = self.journal, self.settings.title, self.app
        generated = app_of(self).clock()  # "Exported on": the app's clock (fixed in tests)

        def write() -> int:
            # Progress is told as it goes (call_from_thread); the result comes back once.
            return write_file(
                journal,
                choice,
                path,
                force=force,
                title=title,
                generated=generated,
                started=lambda total: app.call_from_thread(self._start_progress, choice.fmt, total),
                progressed=lambda done: app.call_from_thread(self._progress, done),
            )

        self._writing = in_thread(
            self,
            write,
            lambda entries: self._written(choice, path, entries),
            failed=self._failed,
            what="The export",
            group="export-write",
        )

    def _start_progress(self, fmt: str, total: int) -> None:
        if not self.is_attached:
            return  # the screen was closed; the export goes on and is told when done
        self._status_is_export = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=0)
        doing = "your CPD records" if fmt == "cpd" else what_was_exported(fmt, total)
        self.query_one("#export-status", Static).update(f"Exporting {doing}…")

    def _progress(self, done: int) -> None:
        if self.is_attached:  # closed mid-export: the export goes on
            self.query_one("#export-progress", ProgressBar).update(progress=done)

    def _failed(self, exc: BaseException) -> None:
        self._status_is_export = True
        self.query_one("#export-progress").display = False
        self.query_one("#export-status", Static).update(f"NOT EXPORTED: {exc}")

    def _written(self, choice: Choice, path: Path, entries: int) -> None:
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(progress=bar.total or 1)
        bar.display = False
        self._save_settings(choice)
        where = path.absolute()
        done = what_was_exported(choice.fmt, entries)
        self._status_is_export = True
        status = self.query_one("#export-status", Static)
        status.update(
            f"Exported {done}. The file is at:\n{where}\nEscape goes back; ctrl+s exports again."
        )
        if self.is_current:
            # Said on the status line, in sight: a notice there covered it (review 22).
            self._reveal_status = True
            self.query_one("#export-form", VerticalScroll).scroll_end(animate=False)
        else:
            # Closed (or covered) while it was written: told wherever the worker is.
            self.notify(f"Exported {done} to {where}.", title="Exported", timeout=10)

    def _form_grew(self) -> None:
        # A scroll asked for before the layout went to the old end (a flaky
        # test showed it); the form's new size is known here. Forced: its
        # scrollbar, which allows scrolling, is only shown after this. Kept
        # up until a choice changes: the scrollbar that appears narrows the
        # form, a long path then wraps onto one more line, and the form grows
        # again, which left the status's last line out of sight.
        if self._reveal_status:
            form = self.query_one("#export-form", VerticalScroll)
            form.scroll_end(animate=False, immediate=True, force=True)

    def action_terms(self) -> None:
        """Add or remove terms, then come back here."""
        from reflect.tui.screens.terms import TermsScreen

        def back(_: None) -> None:
            self._load_terms()

        self.app.push_screen(TermsScreen(today=self.today), back)

    def action_close(self) -> None:
        """Back to the home screen."""
        self.dismiss(None)
