"""What goes into an exported document, read from the journal as it is written.

Every format reads the same `Document`: the title block, an outline (one
line per entry, for the contents and the summary) and then the entries one
at a time, so a long journal is never held in memory whole. Anonymising is
done here, once, so it means the same in every format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from reflect.core import progress as progress_callback
from reflect.core.dates import long_date
from reflect.core.privacy import NO_WORDS, WordLists, mask, scan
from reflect.core.records import EntryDetail, EntryFilter, SessionView, TermView
from reflect.core.vocab import VisitType

if TYPE_CHECKING:
    from reflect.core.reading import ReadMixin

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
        """(label, value) for each line filled in, leaving out private ones if anonymising."""
        return [
            (label, " ".join(str(getattr(self, key)).split()))
            for key, label in TITLE_FIELDS
            if str(getattr(self, key)).strip() and not (anonymise and key in self.private)
        ]


def screen_text(value: str, *, masking: bool, words: WordLists = NO_WORDS) -> tuple[str, list[str]]:
    """The one place export asks the identifier scanner: (the text, kinds found in it).

    ``words`` are the worker's allow and always-flag lists. With ``masking``
    every finding is replaced by a note such as [postcode].
    """
    findings = scan(value, words)
    if not findings:
        return value, []
    return (mask(value, findings) if masking else value), [f.label for f in findings]


class TextScreen:
    """Counts identifiers in typed text and, when anonymising, replaces them.

    Case codes become Family A, Family B, ... in order of first appearance,
    wherever they are typed; then scanner findings are masked.
    """

    def __init__(self, *, anonymise: bool, words: WordLists = NO_WORDS) -> None:
        self.anonymise = anonymise
        self.words = words
        self.names: dict[str, str] = {}
        self.found: Counter[str] = Counter()

    def placeholder(self, case_code: str) -> str:
        """The case code, or its placeholder when anonymising."""
        if not self.anonymise:
            return case_code
        key = case_code.casefold()
        if key not in self.names:
            self.names[key] = f"Family {letters(len(self.names))}"
        return self.names[key]

    def text(self, value: str, *, count: bool = True) -> str:
        """Typed text as it goes in the document; findings are counted when ``count``."""
        if self.anonymise:
            for code in sorted(self.names, key=len, reverse=True):
                start = value.casefold().find(code)
                while start != -1:
                    value = value[:start] + self.names[code] + value[start + len(code) :]
                    start = value.casefold().find(code, start + len(self.names[code]))
        value, kinds = screen_text(value, masking=self.anonymise, words=self.words)
        if count and kinds:
            self.found.update(kinds)
        return value

    def entry(self, entry: EntryDetail) -> EntryDetail:
        """The entry with every typed text screened."""
        answers = [(a, self.text(a.text)) for a in entry.answers]
        actions = [(a, self.text(a.text)) for a in entry.actions]
        return replace(
            entry,
            case_code=self.placeholder(entry.case_code),
            # Most texts come back unchanged: keep those objects as they are.
            answers=tuple(a if t == a.text else replace(a, text=t) for a, t in answers),
            supervisor_question=self.text(entry.supervisor_question),
            free_tags=tuple(self.text(t, count=False) for t in entry.free_tags),
            actions=tuple(a if t == a.text else replace(a, text=t) for a, t in actions),
        )

    def session(self, session: SessionView) -> SessionView:
        """The session with its notes and actions screened."""
        return replace(
            session,
            notes=self.text(session.notes),
            actions=tuple(replace(a, text=self.text(a.text)) for a in session.actions),
        )


def letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as spreadsheet columns are named."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def entry_title(entry: EntryDetail) -> str:
    """How an entry is named in the contents and its heading."""
    visit = VisitType(entry.visit_type).label
    draft = " (draft)" if entry.status != "complete" else ""
    return f"{long_date(entry.visit_date, weekday=True)}, {entry.case_code}, {visit}{draft}"


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
    """A document being exported: read the outline first, then iterate `entries` once."""

    def __init__(
        self,
        journal: ReadMixin,
        scope: ExportScope,
        *,
        title: TitleBlock | None = None,
        generated: datetime | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.journal = journal
        self.scope = scope
        self.title = title or TitleBlock()
        self.generated = generated or datetime.now()
        self.progress = progress
        self.screen = TextScreen(anonymise=scope.anonymise, words=journal.word_lists())
        self.entries_written = 0
        # The outline pass reads every entry once without keeping it: titles,
        # counts and open actions only.
        self.outline = Outline()
        open_actions: list[OpenAction] = []
        for entry in journal.iter_details(scope.entry_filter()):
            code = self.screen.placeholder(entry.case_code)
            self.outline.titles[entry.uid] = entry_title(replace(entry, case_code=code))
            self.outline.kinds[VisitType(entry.visit_type).label] += 1
            self.outline.themes.update(entry.themes)
            self.outline.pcf.update(entry.pcf_domains)
            open_actions += [OpenAction(a.text, code, a.due) for a in entry.actions if not a.done]
        # Screened once every case code is known, so each is replaced wherever it is typed.
        self.outline.open_actions = [
            replace(a, text=self.screen.text(a.text, count=False)) for a in open_actions
        ]
        start, end = scope.period
        self.sessions = [self.screen.session(s) for s in journal.supervision_sessions(start, end)]

    @property
    def identifiers(self) -> Counter[str]:
        """Identifiers the scanner found in the typed text written so far, by kind."""
        return self.screen.found

    def entries(self) -> Iterator[EntryDetail]:
        """Each entry in scope, oldest visit first, screened; read from the journal as needed."""
        for entry in self.journal.iter_details(self.scope.entry_filter()):
            self.entries_written += 1
            if self.entries_written % 100 == 0:
                progress_callback.tell(
                    self.progress, self.entries_written, len(self.outline.titles)
                )
            yield self.screen.entry(entry)
        progress_callback.tell(self.progress, self.entries_written, len(self.outline.titles))
