"""CPD records as one plain-text document, each in the order of Social Work England's online form.

Each record is one section whose headings follow the form (title, type of
CPD, a short description and why it is relevant, date, what I learnt, the
impact on my practice and on the people I work with, peer reflection), so
each part can be pasted into its box. Anonymised by default: every case code
in the journal is replaced (Family A, Family B, ...) and whatever the
identifier scanner finds is masked, because the regulator never needs them.
The masking is export's own `TextScreen`; `write_cpd` is the export
registry's renderer for ``--format cpd``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from reflect import __version__
from reflect.core.dates import long_date
from reflect.core.periods import load_data

if TYPE_CHECKING:
    from reflect.core.cpd import CpdView
    from reflect.core.export.anonymise import TextScreen
    from reflect.core.export.scope import Document


def standard_titles() -> dict[str, str]:
    """Professional standard ids and their short titles, from the bundled data file."""
    return {str(s["id"]): str(s["title"]) for s in load_data("frameworks.toml")["standards"]}


def _underlined(text: str, rule: str) -> list[str]:
    """A heading as plain text: the words, then a line of ``rule`` as long as them."""
    return [text, rule * len(text), ""]


def render_cpd_records(
    records: list[CpdView],
    *,
    title: str,
    period: str,
    generated: datetime,
    clean: TextScreen | None,
) -> str:
    """The document as plain text: a short note, then one section per record in the form's order.

    Plain text, not Markdown, because each part is pasted into a box of the
    regulator's form: what the worker typed goes in exactly as typed (no
    backslash escapes), and headings are plain lines. ``clean`` screens every
    typed text: it counts what the scanner finds and, when anonymising,
    replaces case codes and masks identifiers.
    """

    def typed(value: str) -> str:
        return (clean.text(value) if clean else value).strip()

    standards = standard_titles()
    lines = _underlined(" ".join(title.split()), "=")
    lines += [period, "", f"Generated on {long_date(generated)} by Reflect {__version__}.", ""]
    lines += [
        "Each record follows the headings of Social Work England's CPD form, in order, so "
        "each part can be pasted into its box. Never include the names of people you work "
        "with.",
        "",
    ]
    if clean is not None and clean.anonymise:
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
        heading = typed(f.title)  # screened once, so its findings are counted once
        # A title typed over several lines stays one line in the record's heading.
        named = " ".join(heading.split()) or "(no title)"
        lines += ["", *_underlined(f"CPD record {number}: {named}", "-")]
        lines += ["Title", heading or "Not written.", ""]
        lines += ["Type of CPD", typed(f.cpd_type) or "Not written.", ""]
        lines += ["Short description and why it is relevant"]
        lines += [typed(f.description) or "Not written.", ""]
        lines += ["Date", long_date(f.activity_date), ""]
        lines += ["What I learnt", typed(f.learnt) or "Not written.", ""]
        lines += ["Impact on my practice and on the people I work with"]
        lines += [typed(f.impact) or "Not written.", ""]
        lines += ["Peer reflection"]
        if record.has_peer_reflection:
            role = f" (with {typed(f.peer_role)})" if f.peer_role.strip() else ""
            lines += [f"What I learnt from discussing it with a peer{role}:"]
            lines += [typed(f.peer_reflection), ""]
        else:
            lines += ["None for this record.", ""]
        links = [f"Standard {s}: {standards.get(s, '')}".rstrip(": ") for s in f.standards]
        links += [f"PCF: {d}" for d in f.pcf_domains]
        if links:
            lines += ["Linked standards"]
            lines += [f"- {link}" for link in links]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_cpd(doc: Document, out: TextIO) -> None:
    """The export registry's renderer for ``--format cpd``: the period's complete records.

    Reads only the CPD records (not the entries); ``doc.screen`` anonymises
    unless the worker asked to keep case codes, and counts what it finds.
    """
    start, end = doc.scope.period
    if start and end:
        period = f"From {long_date(start)} to {long_date(end)}: complete records only."
    else:
        period = "Complete records only."
    out.write(
        render_cpd_records(
            doc.cpd_records(),
            title=doc.scope.title().replace("Reflective journal", "CPD records"),
            period=period,
            generated=doc.generated,
            clean=doc.screen,
        )
    )
