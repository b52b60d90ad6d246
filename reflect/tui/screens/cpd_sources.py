"""What a CPD form is made of: the entries and sessions it draws on, and the parts typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reflect.core.cpd import CpdFields, CpdView
from reflect.core.dates import long_date
from reflect.core.records import EntryFilter, EntrySummary, SessionView
from reflect.core.render import entry_markdown, escape_text

# How many recent entries and sessions the form offers to draw on.
SOURCE_LIMIT = 40


@dataclass(frozen=True)
class Sources:
    """Entries and sessions a record can draw on."""

    entries: tuple[EntrySummary, ...]
    sessions: tuple[SessionView, ...]
    # How many earlier versions of the record are kept.
    versions: int = 0


def gather_sources(journal: Any, record: CpdView | None) -> Sources:
    """Recent complete entries and sessions, and any the record already draws on."""
    entries = list(journal.list_entries(EntryFilter(status="complete"), limit=SOURCE_LIMIT).items)
    if record is not None:
        have = {e.id for e in entries}
        wanted = [i for i in record.fields.entry_ids if i not in have]
        uids = [journal.get_entry(i).uid for i in wanted]
        entries = [*journal.summaries(uids), *entries]
    sessions = list(reversed(journal.supervision_sessions()))[:SOURCE_LIMIT]
    versions = len(journal.cpd_revisions(record.id)) if record is not None else 0
    return Sources(tuple(entries), tuple(sessions), versions)


def source_options(sources: Sources, fields: CpdFields) -> list[tuple[str, str, bool]]:
    """The entries and sessions a record may draw on, as (label, value, ticked) choices."""
    entries = [
        (f"{e.visit_date:%d %b %Y}  {e.case_code}", f"e{e.id}", e.id in fields.entry_ids)
        for e in sources.entries
    ]
    sessions = [
        (f"{s.session_date:%d %b %Y}  Supervision", f"s{s.id}", s.id in fields.session_ids)
        for s in sources.sessions
    ]
    return entries + sessions


def source_markdown(entries: list[Any], sessions: list[SessionView]) -> str:
    """What the ticked entries and sessions say, to draw on while writing."""
    if not entries and not sessions:
        return (
            "*Tick entries or supervision sessions on the left to read them here while you "
            "write. A record can also stand alone: a course, reading, a shadowing day.*"
        )
    parts = []
    for entry in entries:
        parts.append(entry_markdown(entry, heading_level=3))
    for session in sessions:
        parts += [f"### Supervision on {long_date(session.session_date)}", ""]
        parts += [escape_text(session.notes) or "*No notes.*", ""]
    return "\n".join(parts)


# Each part `CpdFields.missing` names, and the field where it is written.
MISSING_FIELDS = {
    "a title": "#cpd-title",
    "the type of CPD": "#cpd-type",
    "a short description and why it is relevant": "#cpd-description",
    "what you learnt": "#cpd-learnt",
    "the impact on your practice and the people you work with": "#cpd-impact",
}

# Every part of the form the worker types: as the identifier check names it,
# its field on the form, and its name in CpdFields.
TYPED_PARTS = (
    ("Title", "cpd-title", "title"),
    ("Type of CPD", "cpd-type", "cpd_type"),
    ("Description", "cpd-description", "description"),
    ("What I learnt", "cpd-learnt", "learnt"),
    ("Impact", "cpd-impact", "impact"),
    ("Peer reflection", "cpd-peer", "peer_reflection"),
    ("The peer's role", "cpd-peer-role", "peer_role"),
)


def typed_texts(fields: CpdFields) -> list[tuple[str, str, str]]:
    """What the identifier check reads: (where, field, text) for every part typed."""
    return [(where, key, str(getattr(fields, name))) for where, key, name in TYPED_PARTS]
