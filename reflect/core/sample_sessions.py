"""Invented supervision sessions for the sample and demo journals.

Three sessions about a month apart, each discussing a few of the sample's
flagged entries and agreeing one action, recorded as the app's own
supervision flow records them (a draft, then recorded; the last one then
corrected, so its earlier version is kept). Plain words, no names, an
invented supervisor's initials.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from reflect.core.records import EntryFilter
from reflect.core.sessions import SessionContent
from reflect.core.vocab import INVENTED_UID_PREFIX

if TYPE_CHECKING:
    from reflect.core.journal import Journal

# The sessions' supervisor: initials only, as the session form asks.
SUPERVISOR = "JB"

# What was talked about, and what was agreed (with its due date, in days
# after the session). The entries discussed are the journal's own invented
# entries, chosen when the session is added.
SESSIONS = (
    (
        "We talked about how the visits have felt one-sided: I arrive with the "
        "plan and leave having explained it. My supervisor asked what the family "
        "think the plan is for. I did not know.",
        ("Ask the family what they think the plan is for", 14),
    ),
    (
        "I said I had been quick to reassure the mother when she cried. We "
        "separated what I saw from what I felt, and what I would want a "
        "colleague to notice if they had been there.",
        ("Write up what I saw before how I felt, after each visit", 7),
    ),
    (
        "Time: this month most of my week went on recording and meetings, and "
        "the visits got squeezed. We looked at which meetings I could send a "
        "note to instead.",
        ("Keep Thursday mornings for visits", None),
    ),
)


def add_sample_sessions(journal: Journal, until: date | None = None) -> int:
    """Add the invented supervision sessions, about a month apart, up to ``until``.

    Each discusses up to three of the latest invented entries flagged before
    it that no earlier session discussed, and agrees one action. Returns the
    sessions added (none that the journal already holds). The same journal
    and ``until`` always give the same sessions.
    """
    from reflect.core.sample_year import correct_sample_session

    until = until or date.today()
    discussed: set[str] = set()
    added = 0
    # A session already there (a later correction adds to its notes) is not added again.
    there = [session.notes for session in journal.supervision_sessions()]
    for months_ago, (notes, (action, due_in)) in zip(
        range(len(SESSIONS), 0, -1), SESSIONS, strict=True
    ):
        if any(held.startswith(notes) for held in there):
            continue
        when = until - timedelta(days=30 * months_ago - 9)
        while when.weekday() >= 5:  # supervision happens on a weekday
            when -= timedelta(days=1)
        # The latest flagged before it, as a real agenda holds (a small sample
        # has few in any month); only invented entries, so no entry of the
        # worker's own is marked discussed.
        flagged = journal.list_entries(EntryFilter(flagged=True, end=when), limit=50).items
        uids = [
            e.uid
            for e in flagged
            if e.uid.startswith(INVENTED_UID_PREFIX) and e.uid not in discussed
        ][:3]
        discussed.update(uids)
        due = when + timedelta(days=due_in) if due_in else None
        content = SessionContent(
            when,
            supervisor_initials=SUPERVISOR,
            notes=notes,
            entry_uids=tuple(uids),
            actions=((None, action, due, False),),
        )
        # As the session screen stores one: a draft first, then recorded.
        journal.record_session(journal.start_session_draft(content).id, content)
        added += 1
    if added:
        correct_sample_session(journal)
    return added
