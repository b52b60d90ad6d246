"""Social Work England CPD records (``--format cpd``): one record per entry under SWE's headings."""

from __future__ import annotations

from datetime import datetime
from typing import TextIO

from reflect import __version__
from reflect.core.dates import long_date
from reflect.core.export.scope import Document, ExportScope, entry_title
from reflect.core.records import EntryDetail, SessionView
from reflect.core.render import escape_text

GENERATED_PREFIX = "Generated on "


# Where each prompt's answer belongs in a CPD record, across the bundled sets.
CPD_LEARNT = {
    "judgement",
    "analysis",
    "conclusion",
    "so-what",
    "abstract-conceptualisation",
    "reflective-observation",
    "empirics",
    "reflexivity",
    "parent-view",
    "child-voice",
    "partnership-limits",
    "agenda",
    "relationship-experience",
    "feelings",
    "personal",
    "ethics",
}
CPD_IMPACT = {
    "next-actions",
    "strengths",
    "action-plan",
    "now-what",
    "active-experimentation",
    "relationship-help-harm",
    "next-step",
    "aesthetics",
}
CPD_DESCRIPTION = {"context", "description", "what", "concrete-experience", "what-happened"}


def render_cpd(
    entries: list[EntryDetail], sessions: list[SessionView], scope: ExportScope, generated: datetime
) -> str:
    """The entries as Social Work England CPD records."""
    discussed: dict[str, list[SessionView]] = {}
    for session in sessions:
        for uid in session.entry_uids:
            discussed.setdefault(uid, []).append(session)
    title = scope.title().replace("Reflective journal", "CPD records")
    lines = [f"# {escape_text(title)}", ""]
    lines += [f"{GENERATED_PREFIX}{long_date(generated)} by Reflect {__version__}.", ""]
    lines += [
        "Each record follows Social Work England's CPD headings. Social Work England asks for at "
        "least two records each registration year (1 December to 30 November), at least one "
        "with peer reflection; supervision counts as peer reflection.",
        "",
    ]
    if not entries:
        lines.append("No entries in this period.")
    for entry in entries:

        def answers(ids: set[str], entry: EntryDetail = entry) -> list[str]:
            return [
                escape_text(a.text) for a in entry.answers if a.prompt_id in ids and a.text.strip()
            ]

        themes = ", ".join(entry.themes) or "relationship-based practice"
        lines += [f"## CPD record: {escape_text(entry_title(entry))}", ""]
        lines += [
            "### Type of CPD",
            "",
            "Reflective practice: a structured reflection on a visit.",
            "",
        ]
        lines += ["### Short description and why it is relevant", ""]
        lines += answers(CPD_DESCRIPTION) or ["*Not written.*"]
        lines += ["", f"Relevant to my practice through: {escape_text(themes)}.", ""]
        lines += ["### Date", "", f"{long_date(entry.visit_date)}", ""]
        lines += ["### What I learnt", ""]
        learnt = answers(CPD_LEARNT)
        lines += [*("\n\n".join(learnt).split("\n") if learnt else ["*Not written.*"]), ""]
        lines += ["### Impact on my practice and on the people I work with", ""]
        impact = answers(CPD_IMPACT)
        lines += [*("\n\n".join(impact).split("\n") if impact else ["*Not written.*"]), ""]
        if entry.actions:
            lines += [f"- {escape_text(a.text)}" for a in entry.actions]
            lines.append("")
        lines += ["### Peer reflection", ""]
        peer = discussed.get(entry.uid, [])
        if peer:
            for session in peer:
                who = (
                    f" with {escape_text(session.supervisor_initials)}"
                    if session.supervisor_initials
                    else ""
                )
                lines += [
                    f"Discussed in supervision on {long_date(session.session_date)}{who}.",
                    "",
                ]
                if session.notes.strip():
                    lines += [escape_text(session.notes), ""]
        elif entry.supervisor_question.strip():
            lines += [
                "Not yet discussed in supervision. My question for my supervisor:",
                "",
                escape_text(entry.supervisor_question),
                "",
            ]
        else:
            lines += ["Not yet discussed with a peer.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# Entries rendered at a time: render_cpd builds its text whole, so it is given
# a batch at a time to keep a long journal's export within bounded memory.
CPD_BATCH = 200


def write_cpd(doc: Document, out: TextIO) -> None:
    """Write the document's entries as CPD records, a batch of entries at a time."""
    empty = render_cpd([], doc.sessions, doc.scope, doc.generated)
    opening = empty.removesuffix("No entries in this period.\n")
    batch: list[EntryDetail] = []
    written = False

    def flush() -> None:
        nonlocal written
        text = render_cpd(batch, doc.sessions, doc.scope, doc.generated)
        # Each batch repeats the opening lines: only the first keeps them.
        out.write(("\n" + text.removeprefix(opening)) if written else text)
        written = True
        batch.clear()

    for entry in doc.entries():
        batch.append(entry)
        if len(batch) == CPD_BATCH:
            flush()
    if batch or not written:
        flush()
