"""The archive's CPD records and word lists (archive version 2): written and read back.

A CPD record line holds every field of the form, its state (drafts too) and
its times; the entries it draws on are named by uid, and the supervision
sessions by their position among the archive's session lines (sessions have
no uid). The word lists are one line, allow list then flag list, each sorted,
so two archives of one journal stay the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from reflect.core.cpd import COMPLETE, DRAFT, ArchivedCpd, CpdFields, CpdView
from reflect.core.export import parsed
from reflect.core.export.anonymise import TextScreen
from reflect.core.wordlists import LIST_NAMES, MAX_WORD_LENGTH, ListedWord


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def cpd_data(
    record: CpdView, entry_uids: dict[int, str], session_at: dict[int, int], screen: TextScreen
) -> dict[str, Any]:
    """A record as the archive keeps it; only entries and sessions in the archive are linked.

    ``screen`` is the document's: when the archive is anonymised the typed
    text is screened like every entry's.
    """
    f = record.fields
    typed = screen.text  # as typed unless anonymising; what the scanner finds is counted
    return {
        "uid": record.uid,
        "status": record.status,
        "created_at": _iso(record.created_at),
        "updated_at": _iso(record.updated_at),
        "completed_at": _iso(record.completed_at),
        "title": typed(f.title),
        "cpd_type": typed(f.cpd_type),
        "description": typed(f.description),
        "activity_date": f.activity_date.isoformat(),
        "learnt": typed(f.learnt),
        "impact": typed(f.impact),
        "peer_reflection": typed(f.peer_reflection),
        "peer_role": typed(f.peer_role),
        "standards": list(f.standards),
        "pcf_domains": list(f.pcf_domains),
        "entries": [entry_uids[i] for i in f.entry_ids if i in entry_uids],
        "sessions": [session_at[i] for i in f.session_ids if i in session_at],
    }


def words_data(words: list[ListedWord]) -> dict[str, list[str]]:
    """Both lists, each in one fixed order (by word ignoring case, then as typed)."""
    return {
        name: sorted(
            (w.word for w in words if w.list_name == name), key=lambda w: (w.casefold(), w)
        )
        for name in LIST_NAMES
    }


def read_cpd(data: Any, sessions: int) -> ArchivedCpd:
    """One CPD record line; ``sessions`` is how many session lines came before it."""
    if not isinstance(data, dict):
        parsed.damaged("a CPD record should be a table")
    status = parsed.text(data.get("status"), "a CPD record's status")
    if status not in (DRAFT, COMPLETE):
        parsed.damaged(f"{status!r} is not a CPD record's status")
    refs = data.get("sessions")
    if not isinstance(refs, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and 0 <= i < sessions for i in refs
    ):
        parsed.damaged("a CPD record should name sessions that come before it")

    def field(name: str) -> str:
        return parsed.text(data.get(name), f"a CPD record's {name.replace('_', ' ')}")

    return ArchivedCpd(
        uid=parsed.text(data.get("uid"), "a CPD record's uid"),
        fields=CpdFields(
            title=field("title"),
            cpd_type=field("cpd_type"),
            description=field("description"),
            activity_date=parsed.required(
                parsed.day(data.get("activity_date"), "a CPD record's date"), "a CPD record's date"
            ),
            learnt=field("learnt"),
            impact=field("impact"),
            peer_reflection=field("peer_reflection"),
            peer_role=field("peer_role"),
            standards=parsed.texts(data.get("standards"), "a CPD record's standards"),
            pcf_domains=parsed.texts(data.get("pcf_domains"), "a CPD record's PCF domains"),
        ),
        status=status,
        created_at=parsed.required(
            parsed.moment(data.get("created_at"), "when a CPD record was made"), "created_at"
        ),
        updated_at=parsed.required(
            parsed.moment(data.get("updated_at"), "when a CPD record was changed"), "updated_at"
        ),
        completed_at=parsed.moment(
            data.get("completed_at"), "when a CPD record was completed", optional=True
        ),
        entry_uids=parsed.texts(data.get("entries"), "the entries a CPD record draws on"),
        session_refs=tuple(refs),
    )


def read_words(data: Any) -> list[ListedWord]:
    """The word lists line: each list's words, not blank, not too long."""
    if not isinstance(data, dict) or set(data) != set(LIST_NAMES):
        parsed.damaged("the word lists should be a table of allow and flag")
    found = []
    for name in LIST_NAMES:
        for word in parsed.texts(data[name], f"the {name} list"):
            if not word.strip() or len(" ".join(word.split())) > MAX_WORD_LENGTH:
                parsed.damaged(
                    f"a word on the {name} list should be 1 to {MAX_WORD_LENGTH} characters"
                )
            found.append(ListedWord(word, name))
    return found
