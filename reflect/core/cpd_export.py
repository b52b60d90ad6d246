"""CPD records as one document, each in the order of Social Work England's online form.

Each record is one section whose headings follow the form (title, type of
CPD, a short description and why it is relevant, date, what I learnt, the
impact on my practice and on the people I work with, peer reflection), so
each part can be pasted into its box. Anonymised by default: every case code
in the journal is replaced (Family A, Family B, ...) and whatever the
identifier scanner finds is masked, because the regulator never needs them.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING

from reflect import __version__
from reflect.core.dates import long_date
from reflect.core.export.scope import letters
from reflect.core.periods import load_data
from reflect.core.privacy import NO_WORDS, WordLists, mask, scan
from reflect.core.render import escape_text

if TYPE_CHECKING:
    from reflect.core.cpd import CpdView
    from reflect.core.reading import ReadMixin


class CaseCodeMask:
    """Replaces every case code with Family A, Family B, ... (longest codes first)."""

    def __init__(self, case_codes: list[str], words: WordLists = NO_WORDS) -> None:
        codes = sorted({c.strip() for c in case_codes if c.strip()}, key=str.casefold)
        self.names = {code.casefold(): f"Family {letters(i)}" for i, code in enumerate(codes)}
        self.words = words  # the worker's allow and always-flag lists
        alternatives = sorted(codes, key=len, reverse=True)
        self.pattern = (
            re.compile(
                r"(?<![\w-])(" + "|".join(re.escape(c) for c in alternatives) + r")(?![\w-])",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def text(self, value: str) -> str:
        """``value`` with case codes replaced, then identifiers masked."""
        if self.pattern is not None:
            value = self.pattern.sub(lambda m: self.names[m.group(1).casefold()], value)
        return mask(value, words=self.words)


def standard_titles() -> dict[str, str]:
    """Professional standard ids and their short titles, from the bundled data file."""
    return {str(s["id"]): str(s["title"]) for s in load_data("frameworks.toml")["standards"]}


def render_cpd_records(
    records: list[CpdView],
    *,
    title: str,
    period: str,
    generated: datetime,
    clean: CaseCodeMask | None,
) -> str:
    """The document: a short note, then one section per record in the form's order."""

    def typed(value: str) -> str:
        return escape_text(clean.text(value) if clean else value)

    standards = standard_titles()
    lines = [f"# {escape_text(title)}", "", f"{period}", ""]
    lines += [f"Generated on {long_date(generated)} by Reflect {__version__}.", ""]
    lines += [
        "Each record follows the headings of Social Work England's CPD form, in order, so "
        "each part can be pasted into its box. Never include the names of people you work "
        "with.",
        "",
    ]
    if clean is not None:
        lines += [
            "Case codes are replaced (Family A, Family B, ...) and what Reflect's scanner "
            "found (names, postcodes, phone numbers, email addresses, dates of birth, "
            "addresses) is masked. The scanner cannot find everything: read it through "
            "before you paste it.",
            "",
        ]
    if not records:
        lines += ["No complete CPD records in this period.", ""]
    for number, record in enumerate(records, start=1):
        f = record.fields
        lines += [f"## CPD record {number}: {typed(f.title) or '(no title)'}", ""]
        lines += ["### Title", "", typed(f.title) or "*Not written.*", ""]
        lines += ["### Type of CPD", "", typed(f.cpd_type) or "*Not written.*", ""]
        lines += ["### Short description and why it is relevant", ""]
        lines += [typed(f.description) or "*Not written.*", ""]
        lines += ["### Date", "", long_date(f.activity_date), ""]
        lines += ["### What I learnt", "", typed(f.learnt) or "*Not written.*", ""]
        lines += ["### Impact on my practice and on the people I work with", ""]
        lines += [typed(f.impact) or "*Not written.*", ""]
        lines += ["### Peer reflection", ""]
        if record.has_peer_reflection:
            role = f" (with {typed(f.peer_role)})" if f.peer_role.strip() else ""
            lines += [f"What I learnt from discussing it with a peer{role}:", ""]
            lines += [typed(f.peer_reflection), ""]
        else:
            lines += ["*None for this record.*", ""]
        links = [f"Standard {s}: {standards.get(s, '')}".rstrip(": ") for s in f.standards]
        links += [f"PCF: {d}" for d in f.pcf_domains]
        if links:
            lines += ["### Linked standards", ""]
            lines += [f"- {escape_text(link)}" for link in links]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def export_cpd(
    journal: ReadMixin,
    start: date | None,
    end: date | None,
    *,
    title: str,
    anonymise: bool = True,
    generated: datetime | None = None,
) -> tuple[str, int, Counter[str]]:
    """The period's complete CPD records as one document.

    Returns the text, how many records it holds, and what the scanner found
    in the typed text (so the command can warn when it is not anonymised).
    """
    records = journal.cpd_records(start, end, complete_only=True)
    words = journal.word_lists()
    clean = CaseCodeMask(journal.case_codes(), words) if anonymise else None
    found: Counter[str] = Counter()
    for record in records:
        f = record.fields
        for value in (f.title, f.description, f.learnt, f.impact, f.peer_reflection, f.peer_role):
            found.update(finding.label for finding in scan(value, words))
    if start and end:
        period = f"From {long_date(start)} to {long_date(end)}: complete records only."
    else:
        period = "Complete records only."
    text = render_cpd_records(
        records,
        title=title,
        period=period,
        generated=generated or datetime.now(),
        clean=clean,
    )
    return text, len(records), found
