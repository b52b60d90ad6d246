"""Reading one entry, as Markdown, read-only until the worker chooses to edit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from reflect.core.dates import long_date
from reflect.core.records import EntryDetail, SessionView
from reflect.core.render import entry_markdown, escape_text, query_words

# The lists moved to reading_list.py (the home screen holds one at start-up);
# EntryList is still importable from here.
from reflect.tui.screens.reading_list import EntryList as EntryList
from reflect.tui.screens.reading_list import FixedList
from reflect.tui.widgets.flagging import toggle_flag
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.workers import app_of, in_thread, journal_of


def sessions_markdown(sessions: list[SessionView]) -> str:
    """Where the entry was discussed in supervision, and what was said."""
    if not sessions:
        return ""
    parts = ["### Discussed in supervision", ""]
    for session in sessions:
        who = (
            f" with {escape_text(session.supervisor_initials)}"
            if session.supervisor_initials
            else ""
        )
        parts += [f"**{long_date(session.session_date, weekday=True)}{who}**", ""]
        parts += [escape_text(session.notes) if session.notes.strip() else "*No notes.*", ""]
    return "\n".join(parts)


class ReadScreen(Screen[None]):
    """One entry: every question and answer, tags, actions and supervision notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("n", "step(1)", "Next"),
        Binding("p", "step(-1)", "Previous"),
        Binding("e", "edit", "Edit"),
        Binding("f", "flag", "Flag"),
        Binding("c", "case", "Case"),
        Binding("h", "history", "History"),
        Binding("d", "delete", "To trash"),
        Binding("r", "restore", "Take out of trash"),
    ]

    def __init__(self, entry_id: int, source: EntryList | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.source = source or FixedList([entry_id])
        self.entry: EntryDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("", id="read-position", classes="muted", markup=False)
        with VerticalScroll(id="read-body"):
            yield Markdown("", id="read-md")
        yield KeysFooter()

    def on_screen_resume(self) -> None:
        # Shown first, or back from editing or the history: read it again.
        self.load()

    def load(self) -> None:
        """Read the entry and the sessions where it was discussed (off the event loop)."""
        journal, entry_id = journal_of(self), self.entry_id

        def read() -> tuple[EntryDetail, list[SessionView]]:
            return journal.get_entry(entry_id), journal.supervision_sessions(entry_id=entry_id)

        in_thread(self, read, self._show, what="Reading the entry", group="read", exclusive=True)

    async def _show(self, read: tuple[EntryDetail, list[SessionView]]) -> None:
        entry, sessions = read
        self.entry = entry
        # Opened from a search: the words searched for are marked in the answers.
        words = query_words(getattr(self.source, "query_text", "") or "")
        text = entry_markdown(entry, heading_level=2, highlight=words)
        extra = sessions_markdown(sessions)
        await self.query_one("#read-md", Markdown).update(f"{text}\n{extra}" if extra else text)
        self._show_position()
        self.refresh_bindings()

    def _show_position(self) -> None:
        ids = self.source.ids
        where = ""
        if self.entry_id in ids and len(ids) > 1:
            total = getattr(self.source, "total", None) or len(ids)
            at = ids.index(self.entry_id) + 1
            last = ", the last" if at >= total else ""
            where = f"Entry {at:,} of {total:,} in this list{last}  ·  "
        state = "Read-only; e to edit."
        if self.entry is not None and self.entry.deleted_at is None:
            state += (
                " Flagged for supervision (f unflags)."
                if self.entry.flagged
                else " f flags it for supervision."
            )
        if self.entry is not None and self.entry.deleted_at is not None:
            state = "In the trash: r takes it out."
        elif self.entry is not None and self.entry.status == "draft":
            state = "A draft: e carries on writing it."
        self.query_one("#read-position", Static).update(f"{where}{state}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        entry = self.entry
        in_trash = entry is not None and entry.deleted_at is not None
        if action == "restore":
            return in_trash
        if action in {"edit", "delete", "history", "flag"}:
            return not in_trash
        if action == "step":
            ids = self.source.ids
            if self.entry_id not in ids or len(ids) < 2:
                return False
            if parameters and parameters[0] == 1:
                return True  # the list may go on beyond what is loaded
            # Shown but dimmed on the first entry.
            return True if ids.index(self.entry_id) > 0 else None
        return True

    # -- actions --------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the list, its cursor on the entry read last (after next, not the one opened)."""
        self.source.reading_ended(self.entry_id)
        self.dismiss()

    def action_step(self, direction: int) -> None:
        """Go to the next or previous entry in the list it came from."""
        ids = self.source.ids
        if self.entry_id not in ids:
            return
        at = ids.index(self.entry_id) + direction
        if at >= len(ids) and direction > 0:
            self.source.more_ids(self._more_loaded)
            return
        if not 0 <= at < len(ids):
            return
        self._show_entry_at(at)

    def _more_loaded(self, added: list[int]) -> None:
        if not self.is_attached:
            return  # closed while the next page was read
        if not added:
            # Said where the reader looks, in words: a notice would cover the text.
            self._show_position()
            position = self.query_one("#read-position", Static)
            position.update(f"That was the last entry in this list.  ·  {position.content}")
            return
        ids = self.source.ids
        if self.entry_id in ids and ids.index(self.entry_id) + 1 < len(ids):
            self._show_entry_at(ids.index(self.entry_id) + 1)

    def _show_entry_at(self, at: int) -> None:
        self.entry_id = self.source.ids[at]
        self.query_one("#read-body", VerticalScroll).scroll_home(animate=False)
        self.load()

    def action_edit(self) -> None:
        """Change this entry; the version before is kept in its history."""
        if self.entry is None:
            return
        if self.entry.status == "draft":
            app_of(self).open_draft(self.entry.id)
            return
        from reflect.tui.screens.edit import EditScreen

        self.app.push_screen(EditScreen(self.entry.id))

    def action_flag(self) -> None:
        """Flag or unflag this entry for supervision (f again undoes it)."""
        entry = self.entry
        if entry is None:
            return

        def show(_flagged: bool) -> None:
            if self.entry_id == entry.id:
                self.load()  # the entry shows its flag and question afresh

        toggle_flag(self, entry.id, entry.flagged, show)

    def action_case(self) -> None:
        """Every entry for this family, in date order."""
        from reflect.tui.screens.case import CaseTimelineScreen

        if self.entry is not None:
            self.app.push_screen(CaseTimelineScreen(self.entry.case_code))

    def action_history(self) -> None:
        """Earlier versions of this entry."""
        from reflect.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.entry_id))

    def action_delete(self) -> None:
        """Move the entry to the trash, after asking."""
        from reflect.tui.screens.dialogs import ConfirmScreen

        entry = self.entry
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                app = app_of(self)

                def moved(_: object) -> None:
                    self.notify(
                        "Moved to the trash. Browse, then t, shows the trash and can take it out.",
                        title="In the trash",
                    )
                    # Its row is gone: the list's cursor takes the row it was on.
                    self.source.reading_ended(entry.id)
                    self.dismiss()

                app.in_background(
                    lambda: app.journal.delete(entry.id), moved, what="Moving it to the trash"
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Move the entry for {entry.case_code} on {long_date(entry.visit_date)} "
                "to the trash? You can take it out again until the trash is emptied.",
                yes="Move to trash",
                no="Keep it",
            ),
            answered,
        )

    def action_restore(self) -> None:
        """Take the entry out of the trash."""
        entry = self.entry
        if entry is None:
            return
        app = app_of(self)

        def restored(_: object) -> None:
            self.notify("Taken out of the trash: it is back in your journal.", title="Restored")
            self.load()

        app.in_background(
            lambda: app.journal.restore(entry.id), restored, what="Taking it out of the trash"
        )
