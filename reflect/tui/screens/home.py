"""The home screen: drafts to finish, recent reflections and this term at a glance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from reflect.core.counting import counted
from reflect.core.privacy import WordLists, mask
from reflect.core.records import EntryFilter, EntrySummary, TermView
from reflect.core.vocab import VisitType
from reflect.tui.screens.reading_list import FixedList
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.title_line import TitleLine
from reflect.tui.workers import app_of, in_thread, journal_of

if TYPE_CHECKING:
    # Read in the worker that loads the lists, after the first frame (start-up pays less).
    from reflect.core.readiness import Readiness

RECENT_LIMIT = 30


@dataclass(frozen=True)
class HomeData:
    """What the home screen shows, loaded in one go off the event loop."""

    recent: tuple[EntrySummary, ...]
    drafts: tuple[EntrySummary, ...]
    term: TermView | None
    term_count: int
    flagged_count: int
    total: int
    readiness: Readiness | None = None


# Fewer lines than this and the screen is short (see `HomeScreen.show`).
SHORT = 30

# The home lists' columns, drafts and recent reflections alike.
COLUMNS = ("Visit date", "Case", "Visit", "First words")


def first_words(text: str, width: int = 48) -> str:
    """The start of an entry, cut at a word boundary."""
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0] + "…"


def masked_previews(entries: Iterable[EntrySummary], words: WordLists) -> tuple[EntrySummary, ...]:
    """The rows with identifiers in their first words masked, as an anonymised export does.

    The home screen shows on every launch, to anyone looking at the screen:
    a phone number or a flagged name left in an entry is shown as [phone
    number] or [name]. The entry itself is unchanged.
    """
    return tuple(replace(e, first_words=mask(e.first_words, words=words)) for e in entries)


def cpd_line(state: Readiness) -> str:
    """This registration year's CPD in one line, in words (no colour needed)."""
    peer = "with peer reflection" if state.with_peer_reflection else "no peer reflection yet"
    opened = ", renewal open" if state.renewal_open else ""
    return (
        f"CPD {state.year.name}: "
        f"{counted(state.complete, 'complete record', 'complete records')} "
        f"of the {state.rule.minimum_records} asked for, "
        f"{peer}  ·  {counted(state.days_left, 'day', 'days')} to 30 November{opened}"
    )


def summary_text(data: HomeData) -> str:
    """The line under the lead: the term's reflections, those flagged, and all of them."""
    if data.total == 0:
        return "Your journal is empty. Your first reflection starts with [b]n[/b]."
    # Each count says what it counts: the term's, or all of them.
    period = f"This term ({data.term.name})" if data.term else "In all"
    flagged = f"{data.flagged_count:,} of them flagged for supervision"
    whole = f"  ·  {data.total:,} in the journal in all" if data.term else ""
    return f"{period}: {counted(data.term_count, 'reflection', 'reflections')}, {flagged}{whole}"


class HomeScreen(Screen[None]):
    """Where Reflect opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_reflection", "Reflect"),
        Binding("b", "app.browse", "Browse"),
        Binding("s", "app.supervision", "Supervision"),
        Binding("a", "app.actions", "Actions"),
        Binding("e", "app.export", "Export"),
        Binding("w", "app.words", "Words"),
        Binding("c", "app.cpd", "CPD"),
        Binding("g", "app.agenda", "Agenda"),
        Binding("t", "app.terms", "Terms"),
        Binding("x", "app.trash", "Trash"),
        Binding("d", "discard_draft", "Discard"),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today
        self._data: HomeData | None = None
        # The recent list as the reader was last opened on it (see `show`).
        self._reading: FixedList | None = None

    def compose(self) -> ComposeResult:
        yield TitleLine(self.app)
        with Vertical(id="home"):
            yield Static(
                "Take a moment. Press [b]n[/b] to reflect on a visit.", classes="lead", id="lead"
            )
            yield Static("Opening your journal…", id="summary", classes="muted")
            yield Static("", id="cpd-line", classes="muted", markup=False)
            # Each list goes under its title when its rows are read (`_add_lists`).
            yield Static("Drafts to finish", classes="section-title", id="drafts-title")
            yield Static("Recent reflections", classes="section-title", id="recent-title")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#drafts-title").display = False
        self.query_one("#recent-title").display = False
        # No load here: the screen is also resumed when it is first shown.

    def _add_lists(self) -> None:
        """Put the two lists under their titles, with the first rows read.

        Not before: the first frame shows the screen without them (two empty
        tables took about 10 ms of the start-up to the first frame at 100,000
        entries, for a heading row nobody needed), and "Opening your
        journal…" says what is coming. Once added they stay.
        """
        if self.query("#drafts"):
            return
        from reflect.tui.widgets.marked_list import MarkedDataTable  # with them, not at start-up

        home = self.query_one("#home")
        # The chosen row is marked "▶", not only by colour: in the table the
        # keys go to, so one row on the screen is marked.
        home.mount(
            MarkedDataTable(
                id="drafts", cursor_type="row", zebra_stripes=False, mark_only_when_focused=True
            ),
            after="#drafts-title",
        )
        home.mount(
            MarkedDataTable(id="recent", cursor_type="row", mark_only_when_focused=True),
            after="#recent-title",
        )

    def on_resize(self) -> None:
        if self._data is None:
            return
        # The rows are cut to the new width; the keys and each cursor stay
        # where they were (refilled, the cursor went to the top and the keys
        # to the drafts: found in tmux, 100 to 80 columns).
        focused = self.focused
        rows = {table: table.cursor_row for table in self.query(DataTable)}
        self.show(self._data)
        for table, row in rows.items():
            if table.row_count:
                table.move_cursor(row=min(row, table.row_count - 1))
        if focused is not None and focused.display:
            focused.focus()

    def on_screen_resume(self) -> None:
        # Shown for the first time, or back from another screen: (re)load.
        if app_of(self).journal is not None:  # None while the unlock screen is up
            self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None:
            return
        entry_id = int(event.row_key.value)
        if event.data_table.id == "drafts":
            app_of(self).open_draft(entry_id)
        else:
            recent = [e.id for e in self._data.recent] if self._data else [entry_id]
            self._reading = FixedList(recent)
            app_of(self).read_entry(entry_id, self._reading)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard_draft":
            # Shown only when there are drafts; usable with one highlighted.
            found = self.query("#drafts")  # none until the lists are read
            if not found or not (drafts := found.only_one(DataTable)).row_count:
                return False
            return True if drafts.has_focus else None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()
        if self._data is not None:
            self._show_lead()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_discard_draft(self) -> None:
        """Move the highlighted draft to the trash, after asking."""
        if self._data is None:
            return  # the lists are not read yet
        drafts = self.query_one("#drafts", DataTable)
        if not drafts.row_count:
            return
        key = drafts.coordinate_to_cell_key(drafts.cursor_coordinate).row_key.value
        if key is None:
            return
        entry_id = int(key)
        case = str(drafts.get_row(key)[1])
        from reflect.tui.screens.dialogs import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self._discard(entry_id)

        self.app.push_screen(
            ConfirmScreen(
                f"Discard the draft for {case}? It goes to the trash, where browse (t) "
                "can bring it back until the trash is emptied.",
                yes="Discard",
                no="Keep it",
            ),
            answered,
        )

    def _discard(self, entry_id: int) -> None:
        journal = journal_of(self)
        in_thread(
            self, lambda: journal.delete(entry_id), self._discarded, what="Discarding the draft"
        )

    def _discarded(self, _: None) -> None:
        self.notify("The draft is in the trash.", title="Discarded")
        self.load()

    def action_refresh(self) -> None:
        """Load the lists again."""
        self.load()

    def load(self) -> None:
        """Read what the screen shows in a worker thread, then show it."""
        in_thread(
            self, self._read, self.show, what="Reading the journal", group="home", exclusive=True
        )

    def _read(self) -> HomeData:
        from reflect.core.readiness import readiness

        journal = journal_of(self)
        today = self.today or date.today()
        term = journal.term_for(today)
        term_filter = EntryFilter(term=term.name) if term else EntryFilter()
        recent = journal.list_entries(EntryFilter(status="complete"), limit=RECENT_LIMIT).items
        words = journal.word_lists()
        data = HomeData(
            recent=masked_previews(recent, words),
            drafts=masked_previews(journal.drafts(limit=5), words),
            term=term,
            term_count=journal.count_entries(term_filter),
            flagged_count=journal.count_entries(
                EntryFilter(term=term.name, flagged=True) if term else EntryFilter(flagged=True)
            ),
            total=journal.count_entries(),
            readiness=readiness(journal, today),
        )
        return data

    def show(self, data: HomeData) -> None:
        """Put freshly loaded data on screen."""
        self._data = data
        # Back from reading recent reflections: the keys stay on that list,
        # its cursor on the entry read last (not on the drafts above it).
        back_from_reading = self._reading is not None and self._reading.read_last is not None
        # A short terminal (under 30 lines: 80x24) gives the lists the room:
        # the CPD line is folded into the summary, one paragraph, and the
        # screen's bottom padding goes (reflect.tcss), so the recent list
        # shows four rows with drafts, not one or two.
        short = self.app.size.height < SHORT
        self.set_class(short, "-short")
        summary = summary_text(data)
        cpd = cpd_line(data.readiness) if data.readiness else ""
        # (Not after "Your journal is empty.": a sentence, with no list below to make room for.)
        fold = short and bool(cpd) and data.total > 0
        if fold:
            summary = f"{summary}  ·  {escape(cpd)}"
        self.query_one("#summary", Static).update(summary)
        self.query_one("#cpd-line", Static).update("" if fold else cpd)
        self.query_one("#cpd-line").display = not fold
        self._add_lists()
        self._fill("#drafts", data.drafts)
        has_drafts = bool(data.drafts)
        self.query_one("#drafts-title").display = has_drafts
        self.query_one("#drafts").display = has_drafts
        # On a short terminal the drafts scroll in three rows, so the recent
        # reflections below them stay in view (at 80x24 five drafts hid them).
        self.query_one("#drafts").styles.max_height = 4 if self.app.size.height < 32 else 7
        self.refresh_bindings()  # "d Discard" is offered only with drafts listed
        if has_drafts and not back_from_reading:
            # Offer the unfinished reflection first: it is what was interrupted.
            self.query_one("#drafts", DataTable).focus()
        self._fill("#recent", data.recent)
        has_recent = bool(data.recent)
        self.query_one("#recent-title").display = has_recent
        self.query_one("#recent").display = has_recent
        if has_recent and not has_drafts and (self.focused is None or self.focused.id == "drafts"):
            # The keys go to the list whose top row looks chosen: enter
            # opened nothing until tab, and no row was marked (review 25).
            # (The drafts list, hidden once its last draft is discarded, may still have it.)
            self.query_one("#recent", DataTable).focus()
        if back_from_reading and self._reading is not None:
            recent = self.query_one("#recent", DataTable)
            if self._reading.place_cursor(recent):
                recent.focus()
        self._show_lead()

    def _show_lead(self) -> None:
        """The line at the top: what enter does in the list the keys are on."""
        lead = self.query_one("#lead", Static)
        drafts = self.query_one("#drafts", DataTable)
        if not drafts.row_count:
            lead.update("Take a moment. Press [b]n[/b] to reflect on a visit.")
        elif drafts.has_focus or not self.query_one("#recent", DataTable).has_focus:
            lead.update(
                "You have a reflection to finish: press [b]enter[/b] to carry on with it, "
                "or [b]n[/b] for a new one."
            )
        else:
            # On the recent list (back from reading one), enter reads: it
            # said "press enter to carry on with it" there too.
            lead.update(
                "You have a reflection to finish: [b]tab[/b] goes to it, and there "
                "[b]enter[/b] carries on with it; [b]n[/b] starts a new one."
            )

    def _fill(self, table_id: str, entries: tuple[EntrySummary, ...]) -> None:
        table = self.query_one(table_id, DataTable)
        # The columns go too: DataTable.clear() keeps each column's width, so
        # after a narrower terminal (100 to 80 columns) the old first words'
        # width stayed and a sideways scrollbar showed a stray "▋" under the rows.
        table.clear(columns=True)
        table.add_columns(*COLUMNS)
        # The date and visit columns take 30 cells with padding, the case its
        # longest code; with the screen's padding, the list's edge and its
        # scrollbar, the first words get what is left, so nothing scrolls sideways.
        case_width = max((len(e.case_code) for e in entries), default=4)
        width = max(16, self.app.size.width - 45 - case_width)
        for entry in entries:
            # Typed text is shown as it is, never read as markup.
            table.add_row(
                f"{entry.visit_date:%a %d %b %Y}",
                Text(entry.case_code),
                VisitType(entry.visit_type).label,
                Text(first_words(entry.first_words, width) or "(nothing written yet)"),
                key=str(entry.id),
            )
