"""What goes into an exported document, read from the journal as it is written.

Every format reads the same `Document`: the title block, an outline (one
line per entry, for the contents and the summary) and then the entries one
at a time, so a long journal is never held in memory whole. Anonymising is
done by one `TextScreen` (export.anonymise), so it means the same in every
format, the CPD records and the supervision agenda.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, cast

from reflect.core import progress as progress_callback
from reflect.core.dates import long_date
from reflect.core.export.anonymise import SUPERVISOR, KnowsCaseCodes, TextScreen
from reflect.core.records import EntryDetail, EntryFilter, SessionView, TermView
from reflect.core.vocab import VisitType

if TYPE_CHECKING:
    from reflect.core.cpd import CpdReadMixin, CpdView
    from reflect.core.reading import EntryHead, ReadMixin

# Entries screened together: iter_details reads this many at a time anyway.
BATCH = 500
# A document of at most this many entries (a term, even a busy one) is read
# once and held for its outline and then its entries, about 5 KB of memory an
# entry; a longer one is read twice, its outline first, so it is never held.
HOLD_LIMIT = 3_000

# Export calls progress(entries written, entries in the document).
Progress = progress_callback.Progress


@dataclass(frozen=True)
class ExportScope:
    """Which entries go in the document, and how it is made.

    No term and no dates means the whole journal.
    """

    start: date | None = None
    end: date | None = None
    term: TermView | None = None
    case_code: str | None = None
    flagged_only: bool = False
    include_drafts: bool = False
    anonymise: bool = False
    # CPD records are anonymised unless this is set (--keep-case-codes).
    keep_case_codes: bool = False

    @property
    def period(self) -> tuple[date | None, date | None]:
        """The dates covered, the term's unless given."""
        if self.term is not None:
            return self.start or self.term.start, self.end or self.term.end
        return self.start, self.end

    def title(self) -> str:
        """The document's title."""
        if self.term is not None:
            return f"Reflective journal: {self.term.name}"
        start, end = self.period
        if start and end:
            return f"Reflective journal: {long_date(start)} to {long_date(end)}"
        return "Reflective journal"

    def period_words(self) -> str:
        """The period in plain words, for example "1 September 2026 to 19 December 2026"."""
        start, end = self.period
        if start and end:
            return f"{long_date(start)} to {long_date(end)}"
        if start:
            return f"from {long_date(start)}"
        if end:
            return f"up to {long_date(end)}"
        return "the whole journal"

    def entry_filter(self) -> EntryFilter:
        """The journal's filter for the entries in scope."""
        start, end = self.period
        return EntryFilter(
            start=start,
            end=end,
            case_code=self.case_code,
            flagged=True if self.flagged_only else None,
            status=None if self.include_drafts else "complete",
        )


# The title block's lines, in order: (setting name, label in the document).
TITLE_FIELDS = (
    ("name", "Name"),
    ("role", "Role"),
    ("team", "Team or placement"),
    ("educator", "Practice educator or supervisor"),
)


@dataclass(frozen=True)
class TitleBlock:
    """Who the document is by, each line optional; `private` lines are left out when anonymising."""

    name: str = ""
    role: str = ""
    team: str = ""
    educator: str = ""
    private: frozenset[str] = frozenset()

    def lines(self, *, anonymise: bool) -> list[tuple[str, str]]:
        """(label, value) for each line filled in, leaving out private ones if anonymising.

        Anonymised, the educator line reads `[supervisor]`: it is usually the
        same person as the sessions' supervisor, masked everywhere else. The
        line stays (rather than going) so the reader still sees there is one,
        and marking it private still leaves it out.
        """
        return [
            (label, SUPERVISOR if anonymise and key == "educator" else value)
            for key, label in TITLE_FIELDS
            if (value := " ".join(str(getattr(self, key)).split()))
            and not (anonymise and key in self.private)
        ]


def entry_title(entry: EntryDetail) -> str:
    """How an entry is named in the contents and its heading."""
    return title_words(entry.visit_date, entry.case_code, entry.visit_type, entry.status)


def title_words(visit_date: date, case_code: str, visit_type: str, status: str) -> str:
    """`entry_title` from the four things it is made of."""
    visit = VisitType(visit_type).label
    draft = " (draft)" if status != "complete" else ""
    return f"{long_date(visit_date, weekday=True)}, {case_code}, {visit}{draft}"


@dataclass(frozen=True)
class OpenAction:
    """An action not yet done, for the summary."""

    text: str
    case_code: str
    due: date | None


@dataclass
class Outline:
    """What the contents and the summary need, gathered before the entries are written."""

    titles: dict[str, str] = field(default_factory=dict)  # by uid, in document order
    kinds: Counter[str] = field(default_factory=Counter)
    themes: Counter[str] = field(default_factory=Counter)
    pcf: Counter[str] = field(default_factory=Counter)
    open_actions: list[OpenAction] = field(default_factory=list)


class Document:
    """A document being exported: read the outline first, then iterate `entries` once.

    Nothing is read until a renderer asks: the entry formats read the outline
    and the entries, the CPD format only `cpd_records`.
    """

    def __init__(
        self,
        journal: ReadMixin,
        scope: ExportScope,
        *,
        title: TitleBlock | None = None,
        generated: datetime | None = None,
        progress: Progress | None = None,
        anonymise: bool | None = None,
    ) -> None:
        self.journal = journal
        self.scope = scope
        self.title = title or TitleBlock()
        self.generated = generated or datetime.now()
        self.progress = progress
        # The format decides (CPD records are anonymised unless asked not to); else the scope.
        masking = scope.anonymise if anonymise is None else anonymise
        self.screen = TextScreen.for_journal(cast("KnowsCaseCodes", journal), anonymise=masking)
        self.entries_written = 0
        self._sessions: list[SessionView] = []
        self._cpd_records: list[CpdView] | None = None
        # The entries, when read once for the outline (HOLD_LIMIT); given out by `entries`.
        self._held: list[EntryDetail] | None = None

    @cached_property
    def outline(self) -> Outline:
        """Titles, counts and open actions of the entries in scope (and the sessions)."""
        from reflect.core.reading import head_of

        # A short document's entries are read whole once, here, and held for
        # `entries` (a term's export spent a tenth of its time reading them twice).
        # A long one's outline pass reads every entry's head without keeping it:
        # titles, counts and open actions only, not the answers (the bulk of the text).
        filters = self.scope.entry_filter()
        outline = Outline()
        open_actions: list[OpenAction] = []
        if self.journal.count_details(filters) <= HOLD_LIMIT:
            # In one batch: one read of the journal, so one moment of it, for the whole document.
            self._held = list(self.journal.iter_details(filters, batch_size=HOLD_LIMIT))
            heads: Iterable[EntryHead] = map(head_of, self._held)
        else:
            heads = self.journal.iter_heads(filters)
        for head in heads:
            code = self.screen.placeholder(head.case_code)
            outline.titles[head.uid] = title_words(
                head.visit_date, code, head.visit_type, head.status
            )
            outline.kinds[VisitType(head.visit_type).label] += 1
            outline.themes.update(head.themes)
            outline.pcf.update(head.pcf_domains)
            open_actions += [OpenAction(text, code, due) for text, due in head.open_actions]
        # Screened once every entry's case code has its letter, so letters follow the entries.
        # Most come back as they were: those are kept, not copied.
        outline.open_actions = [
            a
            if (text := self.screen.text(a.text, count=False)) == a.text
            else replace(a, text=text)
            for a in open_actions
        ]
        start, end = self.scope.period
        # A document about one case holds no supervision sessions: a session's
        # notes are about every family discussed, not the one this is about.
        self._sessions = (
            []
            if self.scope.case_code
            else [self.screen.session(s) for s in self.journal.supervision_sessions(start, end)]
        )
        return outline

    @property
    def sessions(self) -> list[SessionView]:
        """The supervision sessions in the period, screened (read with the outline)."""
        self.outline  # noqa: B018  (reads the sessions too, in the same order as ever)
        return self._sessions

    def cpd_records(self) -> list[CpdView]:
        """The complete CPD records in the period, oldest first (read once, when asked)."""
        if self._cpd_records is None:
            reader = cast("CpdReadMixin", self.journal)
            self._cpd_records = reader.cpd_records(*self.scope.period, complete_only=True)
        return self._cpd_records

    def counts(self) -> tuple[int, int]:
        """(entries or CPD records in the document, supervision sessions in it)."""
        if self._cpd_records is not None:
            return len(self._cpd_records), 0
        return len(self.outline.titles), len(self.sessions)

    @property
    def identifiers(self) -> Counter[str]:
        """Identifiers the scanner found in the typed text written so far, by kind."""
        return self.screen.found

    def entries(self) -> Iterator[EntryDetail]:
        """Each entry in scope, oldest visit first, screened; read from the journal as needed."""
        total = len(self.outline.titles)  # the outline first: it may read the entries
        held, self._held = self._held, None
        details = (
            iter(held) if held is not None else self.journal.iter_details(self.scope.entry_filter())
        )
        while batch := list(islice(details, BATCH)):
            # What the check found in this batch's texts, read in one query.
            self.screen.expect(batch)
            for entry in batch:
                self.entries_written += 1
                if self.entries_written % 100 == 0:
                    progress_callback.tell(self.progress, self.entries_written, total)
                yield self.screen.entry(entry)
        progress_callback.tell(self.progress, self.entries_written, total)
