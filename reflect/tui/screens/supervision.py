"""Getting ready for supervision: what you flagged, grouped by case, and what the
period's reflections covered, so gaps show at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reflect.core.counting import counted
from reflect.core.dates import long_date
from reflect.core.records import EntryDetail, EntryFilter, EntrySummary, SessionView
from reflect.core.supervision import TagCounts
from reflect.core.vocab import PCF_DOMAINS, VisitType
from reflect.tui.screens.reading_list import FixedList
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.workers import app_of, in_thread

# More than this many flagged entries is more than one supervision can hold.
AGENDA_LIMIT = 300
# Without a recorded session or a term, the chart covers this many days.
DEFAULT_PERIOD_DAYS = 56
BAR = "█"


@dataclass(frozen=True)
class Preparation:
    """What the screen shows, read in one go."""

    last: SessionView | None
    start: date
    end: date
    period_name: str
    agenda: tuple[EntryDetail, ...]
    counts: TagCounts
    # A session being written and not yet recorded, with its ticked entries
    # that are not on the agenda.
    draft: SessionView | None = None
    draft_entries: tuple[EntrySummary, ...] = ()
    # The draft was recorded: a correction to it was kept unchecked as Reflect closed.
    draft_was_recorded: bool = False


def coverage_chart(
    title: str, counts: dict[str, int], names: list[str], width: int, entries: int
) -> Text:
    """A bar per name with its count; names with none say so in words."""
    out = Text()
    out.append(f"{title}\n", style="bold")
    listed = list(dict.fromkeys([*names, *sorted(counts)]))
    if not listed:
        return out
    label_width = min(max(len(n) for n in listed), max(16, width // 2))
    bar_room = max(4, width - label_width - 8)
    top = max([*counts.values(), 1])
    for name in listed:
        n = counts.get(name, 0)
        label = name if len(name) <= label_width else name[: label_width - 1] + "…"
        out.append(f"{label:<{label_width}}  ")
        if n:
            out.append(BAR * max(1, round(n / top * bar_room)))
            out.append(f" {n}\n")
        else:
            out.append("·  none\n", style="italic")
    missing = [n for n in listed if not counts.get(n)]
    if entries and missing:
        out.append(
            f"Not touched in this period: {len(missing)} of {len(listed)}.\n", style="italic"
        )
    return out


def theme_names(library: Any) -> list[str]:
    """The themes the default prompt set suggests, in its order."""
    prompt_set = library.default()
    return list(dict.fromkeys(p.tag for p in prompt_set.prompts if p.tag))


class SupervisionScreen(Screen[None]):
    """The agenda for supervision, and the period's coverage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("r", "record", "Record a session"),
        Binding("g", "agenda", "Agenda"),
        Binding("l", "sessions", "Earlier sessions"),
        Binding("a", "app.actions", "Actions"),
    ]

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today
        self.prep: Preparation | None = None
        # The list the reader was last opened on (its cursor goes to the entry read last).
        self.reading: FixedList | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with VerticalScroll(id="supervision"):
            yield Static("Gathering what you flagged…", id="sup-lead", markup=False)
            yield Static("To bring to supervision", classes="section-title", id="agenda-title")
            table: DataTable[str | Text] = MarkedDataTable(id="agenda", cursor_type="row")
            yield table
            yield Static("", id="sup-period", classes="section-title", markup=False)
            yield Static("", id="chart-themes", markup=False)
            yield Static("", id="chart-pcf", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#agenda", DataTable).add_columns(
            "Case", "Visit date", "Visit", "Question for your supervisor"
        )

    def on_screen_resume(self) -> None:
        self.load()

    def on_resize(self) -> None:
        if self.prep is not None:
            self._show(self.prep)

    def load(self) -> None:
        """Read the flagged entries and the period's themes."""
        in_thread(
            self,
            self._read,
            self._show,
            what="Reading the journal",
            group="supervision",
            exclusive=True,
        )

    def _read(self) -> Preparation:
        app = app_of(self)
        journal = app.journal
        today = self.today or app.today or date.today()
        last = journal.last_supervision()
        if last is not None:
            # The session's own day counts in part: entries written after it (see
            # since_session_clause); those written before it are not counted.
            start = last.session_date
            name = f"Since your last supervision on {long_date(last.session_date)}"
        elif (term := journal.term_for(today)) is not None:
            start = term.start
            name = f"This term so far ({term.name})"
        else:
            start = today - timedelta(days=DEFAULT_PERIOD_DAYS)
            name = "The last eight weeks"
        flagged = EntryFilter(flagged=True, undiscussed=True)
        agenda = tuple(islice(journal.iter_details(flagged), AGENDA_LIMIT))
        agenda = tuple(sorted(agenda, key=lambda e: (e.case_code.casefold(), e.visit_date, e.id)))
        counts = journal.tag_counts(
            min(start, today), today, after_session=last.id if last is not None else None
        )
        drafts = journal.session_drafts()
        draft = drafts[0] if drafts else None
        on_agenda = {e.uid for e in agenda}
        extra = (
            tuple(journal.summaries(u for u in draft.entry_uids if u not in on_agenda))
            if draft
            else ()
        )
        # Only a correction kept as Reflect closed makes a draft with earlier versions.
        was_recorded = bool(draft and journal.session_revisions(draft.id))
        prep = Preparation(last, start, today, name, agenda, counts, draft, extra, was_recorded)
        return prep

    def _show(self, prep: Preparation) -> None:
        self.prep = prep
        lead = self.query_one("#sup-lead", Static)
        n = len(prep.agenda)
        cases = len({e.case_code.casefold() for e in prep.agenda})
        last = prep.last
        when = (
            f"Your last supervision was on {long_date(last.session_date, weekday=True)}"
            f"{' with ' + last.supervisor_initials if last and last.supervisor_initials else ''}. "
            if last
            else "No supervision sessions recorded yet. "
        )
        if prep.draft is not None and prep.draft_was_recorded:
            when += (
                f"A correction to the session on {long_date(prep.draft.session_date)} was "
                "kept as a draft when Reflect closed: r checks it and records it again. "
            )
        elif prep.draft is not None:
            when += (
                f"A session on {long_date(prep.draft.session_date)} is not recorded yet: "
                "r carries on with it. "
            )
        if n:
            lead.update(
                f"{when}{counted(n, 'entry', 'entries')} ({counted(cases, 'case', 'cases')}) "
                "flagged and not yet discussed, from any "
                "date. Enter reads one; r records the session."
            )
        else:
            lead.update(
                f"{when}Nothing flagged is waiting. Entries you mark 'bring to supervision' "
                "show here."
            )
        table = self.query_one("#agenda", DataTable)
        table.clear()
        previous = None
        for entry in prep.agenda:
            case = entry.case_code if entry.case_code.casefold() != previous else ""
            previous = entry.case_code.casefold()
            question = " ".join(entry.supervisor_question.split()) or "(no question written)"
            room = max(20, self.app.size.width - 46)
            if len(question) > room:
                question = question[: room - 1] + "…"
            table.add_row(
                Text(case, style="bold"),
                f"{entry.visit_date:%d %b %Y}",
                VisitType(entry.visit_type).label,
                Text(question, no_wrap=True, overflow="ellipsis"),
                key=str(entry.id),
            )
        table.display = bool(prep.agenda)
        self.query_one("#agenda-title").display = bool(prep.agenda)
        width = max(40, self.app.size.width - 6)
        total = prep.counts.entries
        self.query_one("#sup-period", Static).update(
            f"{prep.period_name}: {counted(total, 'reflection', 'reflections')}. "
            # The numbers below count reflections, not words or answers.
            "Each number below is how many of them touched that theme or domain."
        )
        app = app_of(self)
        themes = self.query_one("#chart-themes", Static)
        domains = self.query_one("#chart-pcf", Static)
        domains.display = bool(total)
        if not total:
            themes.update("No reflections in this period yet: the chart fills in as you write.")
        else:
            themes.update(
                coverage_chart(
                    "Themes", dict(prep.counts.themes), theme_names(app.library), width, total
                )
            )
            domains.update(
                coverage_chart(
                    "\nPCF domains", dict(prep.counts.pcf_domains), list(PCF_DOMAINS), width, total
                )
            )
        self.refresh_bindings()
        if prep.agenda:
            table.focus()
            if self.reading is not None:
                self.reading.place_cursor(table)

    @on(DataTable.RowSelected, "#agenda")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None and self.prep is not None:
            self.reading = FixedList([e.id for e in self.prep.agenda])
            app_of(self).read_entry(int(event.row_key.value), self.reading)

    def action_back(self) -> None:
        """Back home."""
        self.dismiss()

    def action_record(self) -> None:
        """Record a supervision session: date, supervisor, notes, actions, entries discussed."""
        from reflect.tui.screens.session import RecordSessionScreen

        prep = self.prep
        if prep is None:
            return
        agenda: list[EntryDetail | EntrySummary] = [*prep.draft_entries, *prep.agenda]
        self.app.push_screen(
            RecordSessionScreen(
                agenda,
                today=self.today,
                session=prep.draft,
                was_recorded=prep.draft_was_recorded,
            )
        )

    def action_agenda(self) -> None:
        """The agenda on Morrison's cycle, to read and save."""
        from reflect.tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen())

    def action_sessions(self) -> None:
        """Read earlier supervision sessions."""
        from reflect.tui.screens.sessions import SessionsScreen

        self.app.push_screen(SessionsScreen())
