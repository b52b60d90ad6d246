"""The practitioner's year in the sample journal: a placement inside a term, CPD records
(complete and draft), and a supervision session corrected after it was recorded.

Invented throughout: no real person, place or case. Kept apart from the
entry text generator in `reflect.core.sample`, which only calls these.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reflect.core.cpd import CpdFields
from reflect.core.periods import registration_year_for
from reflect.core.records import EntryFilter
from reflect.core.sessions import content_of

if TYPE_CHECKING:
    from reflect.core.journal import Journal


def add_sample_periods(journal: Journal, until: date) -> None:
    """A placement inside this academic year's autumn term (periods overlap in real life)."""
    from reflect.core.terms import SuggestedTerm, add_terms

    year = until.year if until.month >= 9 else until.year - 1
    add_terms(journal, [SuggestedTerm("Placement 2", date(year, 9, 14), date(year, 11, 27))])


def add_sample_cpd(journal: Journal, until: date) -> int:
    """Three CPD records in this registration year: two complete (one with peer
    reflection, drawing on entries), and a draft. Returns the records added:
    one the journal already holds (by its title) is not added again."""
    year = registration_year_for(until)
    start = year.start
    flagged = journal.list_entries(EntryFilter(flagged=True, start=start, end=until), limit=3)
    drawn_on = tuple(e.id for e in flagged.items)
    course_day = min(until, start + timedelta(days=70))
    reflection_day = min(until, start + timedelta(days=200))
    records = [
        (
            CpdFields(
                title="Working with neglect: a day course",
                cpd_type="Course or training",
                description="A day on recognising neglect early. Most of the families I work "
                "with live with it, and I wanted a surer way to notice it building.",
                activity_date=course_day,
                learnt="Neglect builds slowly: one visit rarely shows it, a run of visits "
                "does. The chronology is a tool for seeing, not only for recording.",
                impact="I now compare each visit with the last and say what I notice to the "
                "parent, so they hear it from me first and can tell me what I am missing.",
                standards=("4.3", "4.4"),
                pcf_domains=("Knowledge",),
            ),
            True,
        ),
        (
            CpdFields(
                title="Who sets the agenda on a visit",
                cpd_type="Reflection on practice",
                description="Rereading my reflections on three visits, I saw I arrive with the "
                "plan and leave having explained it. It matters because partnership is "
                "built in how a visit is run.",
                activity_date=reflection_day,
                learnt="Asking the family what they want from the visit before I say what I "
                "need changes who does the talking.",
                impact="Visits start with the family's agenda; parents have begun to bring "
                "questions. One said it was the first time she knew what the plan was for.",
                peer_reflection="My supervisor asked what the family think the plan is for. "
                "Talking it through, I saw my explaining had been standing in for agreeing.",
                peer_role="my supervisor",
                standards=("4.2", "4.6"),
                pcf_domains=("Critical Reflection and Analysis", "Values and Ethics"),
                entry_ids=drawn_on,
            ),
            True,
        ),
        (
            CpdFields(
                title="Reading on kinship care",
                cpd_type="Reading or research",
                activity_date=until,
                description="Started reading about kinship carers' own support needs.",
            ),
            False,
        ),
    ]
    # Run twice, `reflect sample` added each record again, and the home screen
    # counted "4 complete records of the 2 asked for" (review 22, defect 3).
    there = {record.fields.title for record in journal.cpd_records()}
    added = 0
    for fields, complete in records:
        if fields.title in there:
            continue
        record = journal.create_cpd(fields)
        if complete:
            journal.complete_cpd(record.id, fields)
        added += 1
    return added


def correct_sample_session(journal: Journal) -> None:
    """Correct the latest recorded session, so its earlier version is kept."""
    sessions = journal.supervision_sessions()
    if not sessions:
        return
    last = sessions[-1]
    later = " (Added later: we agreed to look at this again next time.)"
    journal.correct_session(last.id, replace(content_of(last), notes=last.notes + later))
