"""The journal document as a sequence of plain blocks, the same for every reading format.

Markdown, HTML (rendered from that Markdown) and Word all write these blocks,
so the three hold the same words in the same order. Blocks come in chunks
(the opening, each entry, the supervision sessions) so a writer can render
one chunk at a time and a long journal is never held whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from reflect import __version__
from reflect.core.dates import long_date
from reflect.core.export.scope import Document
from reflect.core.records import EntryDetail, SessionView


# Named tuples, not frozen dataclasses: a term's export makes about 100,000
# blocks, and a frozen dataclass took twice as long to make (its fields are
# set one call at a time); the writers only read them.
class Heading(NamedTuple):
    """A heading: 1 the title, 2 a section, 3 an entry or session, 4 a part of one."""

    level: int
    text: str
    anchor: str = ""


class Paragraph(NamedTuple):
    """A paragraph; line breaks in ``text`` are kept.

    ``style`` is "" for ordinary text, "question" for a prompt's question
    (bold) and "note" for words Reflect adds, such as "Not answered." (italic).
    """

    text: str
    style: str = ""


class Items(NamedTuple):
    """A list; ``links`` (when given) holds an anchor for each item ("" for none)."""

    items: tuple[str, ...]
    numbered: bool = False
    links: tuple[str, ...] = ()
    # The number of the first item: a long list rendered a slice at a time goes on counting.
    start: int = 1


Block = Heading | Paragraph | Items

SECTIONS = ("Contents", "Summary", "Entries", "Supervision sessions")


# What an ASCII heading keeps in its anchor (for ASCII, what `slug` keeps a
# character at a time): every entry's title is made into one, before the
# first entry is written.
_NOT_IN_ASCII_ANCHOR = re.compile(r"[^a-z0-9 _-]")


def slug(text: str) -> str:
    """A heading's anchor as GitHub, VS Code and pandoc make it: lower case, words joined by -."""
    if text.isascii():
        return _NOT_IN_ASCII_ANCHOR.sub("", text.lower()).replace(" ", "-")
    kept = (
        c
        for c in text.lower()
        if c.isalnum() or c in " -_" or unicodedata.category(c).startswith("M")
    )
    return "".join(kept).replace(" ", "-")


class Anchors:
    """Unique anchors: a second heading with the same words gets -1, a third -2, and so on."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        base = slug(text)
        n = self.seen[base]
        self.seen[base] += 1
        return base if n == 0 else f"{base}-{n}"


def _counted(counter: Counter[str]) -> str:
    return "; ".join(f"{k} ({n})" for k, n in counter.most_common()) or "none"


def _due(day: date | None) -> str:
    return f", by {long_date(day)}" if day else ""


def chunks(doc: Document) -> Iterator[list[Block]]:
    """The whole document, chunk by chunk; entries are read from the journal as they come."""
    parts = Parts(doc)
    yield parts.opening()
    for entry, title, anchor in parts.entries():
        yield entry_blocks(entry, title, anchor)
    yield parts.closing()


class Parts:
    """The document in its three parts: the opening, each entry, the supervision sessions.

    `chunks` makes blocks of all three; the Markdown writer writes each
    entry's Markdown straight from the entry (`markdown.entry_markdown`).
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.anchors = Anchors()
        self.section_anchor = {name: self.anchors(name) for name in SECTIONS}
        self.entry_anchor = {uid: self.anchors(title) for uid, title in doc.outline.titles.items()}

    def opening(self) -> list[Block]:
        """The title, the title block, the contents and the summary."""
        doc, section_anchor, entry_anchor = self.doc, self.section_anchor, self.entry_anchor
        scope = doc.scope
        opening: list[Block] = [Heading(1, scope.title())]
        about = [f"{label}: {value}" for label, value in doc.title.lines(anonymise=scope.anonymise)]
        about.append(f"Period: {scope.period_words()}")
        opening.append(Paragraph("\n".join(about)))
        which = "Complete entries" if not scope.include_drafts else "Complete entries and drafts"
        if scope.flagged_only:
            which += " flagged for supervision"
        opening.append(
            Paragraph(f"{which}. Exported on {long_date(doc.generated)} by Reflect {__version__}.")
        )
        if scope.anonymise:
            opening.append(
                Paragraph(
                    "Case codes are replaced by Family A, Family B, and so on, and what Reflect's "
                    "scanner found (names, postcodes, phone numbers, email addresses, NHS and "
                    "National Insurance numbers, dates of birth, street addresses) by a note such "
                    "as [postcode]. The scanner cannot find everything."
                )
            )
        titles = doc.outline.titles
        opening.append(Heading(2, "Contents", section_anchor["Contents"]))
        if titles:
            opening.append(
                Items(
                    tuple(titles.values()),
                    numbered=True,
                    links=tuple(entry_anchor[uid] for uid in titles),
                )
            )
        else:
            opening.append(Paragraph("No entries in this period.", "note"))
        opening.append(
            Items(
                ("Summary", "Supervision sessions"),
                links=(section_anchor["Summary"], section_anchor["Supervision sessions"]),
            )
        )
        outline = doc.outline
        opening += [
            Heading(2, "Summary", section_anchor["Summary"]),
            Items(
                (
                    f"Visits: {len(titles)}",
                    f"Kinds of visit: {_counted(outline.kinds)}",
                    f"Themes: {_counted(outline.themes)}",
                    f"PCF domains: {_counted(outline.pcf)}",
                    f"Open actions: {len(outline.open_actions)}",
                )
            ),
        ]
        if outline.open_actions:
            opening.append(Paragraph("Actions not yet done:"))
            opening.append(
                Items(tuple(f"{a.text} ({a.case_code}{_due(a.due)})" for a in outline.open_actions))
            )
        opening.append(Heading(2, "Entries", section_anchor["Entries"]))
        return opening

    def entries(self) -> Iterator[tuple[EntryDetail, str, str]]:
        """Each entry (read as it comes) with its title and its anchor."""
        titles, entry_anchor = self.doc.outline.titles, self.entry_anchor
        for entry in self.doc.entries():
            yield entry, titles.get(entry.uid, ""), entry_anchor.get(entry.uid, "")

    def closing(self) -> list[Block]:
        """The supervision sessions (their anchors made after every entry's)."""
        doc = self.doc
        closing: list[Block] = [
            Heading(2, "Supervision sessions", self.section_anchor["Supervision sessions"])
        ]
        if not doc.sessions:
            closing.append(Paragraph("No supervision sessions recorded in this period.", "note"))
        for session in doc.sessions:
            closing += session_blocks(
                session,
                doc.outline.titles,
                self.entry_anchor,
                self.anchors,
                anonymise=doc.screen.anonymise,
            )
        return closing


def tag_lines(entry: EntryDetail) -> list[str]:
    """One line for each kind of tag the entry has: "Themes: a, b"."""
    return [
        f"{label}: {', '.join(values)}"
        for label, values in (
            ("Themes", entry.themes),
            ("PCF domains", entry.pcf_domains),
            ("Tags", entry.free_tags),
        )
        if values
    ]


def entry_facts(entry: EntryDetail) -> str:
    """The line under an entry's heading: how long, a draft, flagged ("" for none)."""
    facts = []
    if entry.visit_minutes:
        facts.append(f"The visit took {entry.visit_minutes} minutes.")
    if entry.status != "complete":
        facts.append("This is a draft.")
    if entry.flagged:
        facts.append("Flagged for supervision.")
    return " ".join(facts)


def entry_blocks(entry: EntryDetail, title: str, anchor: str) -> list[Block]:
    """One entry: its facts, each question and answer under its theme, tags, actions."""
    blocks: list[Block] = [Heading(3, title, anchor)]
    if facts := entry_facts(entry):
        blocks.append(Paragraph(facts))
    theme_before: str | None = None
    for number, answer in enumerate(entry.answers, start=1):
        theme = answer.theme.strip()
        # Consecutive answers under one theme share its heading.
        if not theme or theme != theme_before:
            blocks.append(Heading(4, theme or f"Question {number}"))
        theme_before = theme
        if answer.question.strip():
            blocks.append(Paragraph(answer.question, "question"))
        if answer.text.strip():
            blocks.append(Paragraph(answer.text))
        else:
            blocks.append(Paragraph("Not answered.", "note"))
    tags = tag_lines(entry)
    if tags:
        blocks += [Heading(4, "Themes and tags"), Items(tuple(tags))]
    if entry.actions:
        blocks.append(Heading(4, "Next actions"))
        blocks.append(
            Items(
                tuple(f"{'Done: ' if a.done else ''}{a.text}{_due(a.due)}" for a in entry.actions)
            )
        )
    if entry.supervisor_question.strip():
        blocks += [
            Heading(4, "Question for my supervisor"),
            Paragraph(entry.supervisor_question),
        ]
    return blocks


def session_blocks(
    session: SessionView,
    titles: dict[str, str],
    entry_anchor: dict[str, str],
    anchors: Anchors,
    *,
    anonymise: bool = False,
) -> list[Block]:
    """One supervision session: notes, the entries discussed (linked), actions agreed."""
    # Anonymised, the screen has emptied the supervisor: the heading still says who it was with.
    if anonymise:
        who = ", with your supervisor"
    else:
        who = f", with {session.supervisor_initials}" if session.supervisor_initials else ""
    heading = f"{long_date(session.session_date, weekday=True)}{who}"
    blocks: list[Block] = [Heading(3, heading, anchors(heading))]
    if session.notes.strip():
        blocks.append(Paragraph(session.notes))
    else:
        blocks.append(Paragraph("No notes.", "note"))
    discussed = [uid for uid in session.entry_uids if uid in titles]
    if discussed:
        blocks += [
            Heading(4, "Entries discussed"),
            Items(
                tuple(titles[uid] for uid in discussed),
                links=tuple(entry_anchor[uid] for uid in discussed),
            ),
        ]
    if session.actions:
        blocks += [
            Heading(4, "Actions agreed"),
            Items(
                tuple(f"{'Done: ' if a.done else ''}{a.text}{_due(a.due)}" for a in session.actions)
            ),
        ]
    return blocks
