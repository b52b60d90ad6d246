"""Invented but realistic journal entries, for the demo, the tests and the benchmarks.

Everything here is made up. Families appear only as case codes and people only
by role ("mum", "the eldest"), as real practice guidance asks. The same seed
and end date always give the same journal.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary, PromptSet
from reflect.core.records import AnswerView, EntryFilter, EntryRecord
from reflect.core.sample_sessions import SESSIONS as SESSIONS  # re-exported
from reflect.core.sample_sessions import add_sample_sessions as add_sample_sessions
from reflect.core.sample_text import answer_length, free_sentence
from reflect.core.terms import add_terms, sample_terms
from reflect.core.vocab import INVENTED_UID_PREFIX as INVENTED_UID_PREFIX  # re-exported
from reflect.core.vocab import VisitType

PARENTS = ("mum", "dad", "the mother", "the father", "grandma", "the kinship carer", "her partner")
CHILDREN = (
    "the baby",
    "the eldest",
    "the youngest",
    "the 7-year-old",
    "the teenager",
    "both children",
    "the middle child",
)
PLACES = (
    "at the kitchen table",
    "in the living room",
    "in the garden",
    "at the children's centre",
    "in a café",
    "at the school",
)
TOPICS = (
    "school attendance",
    "the housing repairs",
    "contact arrangements",
    "the baby's sleep",
    "the new partner",
    "money worries",
    "the health visitor's concerns",
    "the child protection plan",
    "bedtime routines",
    "the upcoming review",
    "the older child's anger",
    "drinking at weekends",
)
FEELINGS = (
    "tired",
    "uneasy",
    "hopeful",
    "frustrated",
    "moved",
    "anxious",
    "relieved",
    "unsure of myself",
)
FREE_TAGS = (
    "school",
    "housing",
    "contact",
    "neglect concerns",
    "domestic abuse",
    "court",
    "CIN plan",
    "CP plan",
    "parental mental health",
    "substance use",
    "early help",
    "kinship care",
)
ACTIONS = (
    "Ring the school about attendance",
    "Check in with the health visitor",
    "Send mum the letter we talked about",
    "Book the next visit, after school this time",
    "Ask housing about the damp repair",
    "Update the chronology",
    "Talk to my manager about the plan",
    "Arrange direct work with the eldest",
    "Follow up the referral to the family hub",
    "Write up the visit while it is fresh",
)

SENTENCES: dict[str, tuple[str, ...]] = {
    "context": (
        "Planned visit to talk about {topic}; {parent} and {child} were home.",
        "Unannounced visit after a call from the school. We sat {place}.",
        "Joint visit with the family support worker to review {topic}.",
        "Statutory visit. {parent} had forgotten we were coming but let us in.",
        "We met {place} because {parent} did not want to talk at home.",
    ),
    "relationship": (
        "{parent} was guarded at first and warmed up when we talked about {topic}.",
        "I think {parent} felt judged when I asked about {topic}.",
        "{child} showed me their drawings, which seemed to soften the whole visit.",
        "Keeping my promise from last time about {topic} seemed to matter.",
        "I rushed the end of the visit and I think {parent} noticed.",
        "{parent} said it was the first time someone had listened properly.",
    ),
    "negotiation": (
        "{parent} wanted to talk about {topic}; I had come about something else.",
        "We agreed together to try a new plan for {topic} for two weeks.",
        "The agenda was mostly mine, set by the plan, and it showed.",
        "I asked what {parent} wanted from the next month and we wrote it down together.",
    ),
    "limits": (
        "I had to be clear that the concerns about {topic} would go to conference.",
        "Partnership stopped when I said I needed to see {child} alone.",
        "{parent} disagreed with the plan and I explained what would happen anyway.",
        "I named the power I hold, which seemed to ease things a little.",
    ),
    "parent": (
        "{parent} would probably say I listened but did not really help with {topic}.",
        "I think {parent} would tell a friend that the social worker was fair today.",
        "{parent} might say the visit was one more thing on a hard week.",
    ),
    "child": (
        "{child} was quiet and stayed close to {parent} the whole time.",
        "I saw {child} alone for ten minutes; they talked about {topic}.",
        "{child} was at school, so I have no direct view from them this time.",
        "{child} played happily and came to show me their room.",
    ),
    "time": (
        "About half the visit was direct work; the rest was forms.",
        "Recording deadlines meant I kept one eye on the clock.",
        "The assessment form shaped my questions more than I liked.",
        "Most of the hour was face-to-face, which felt right today.",
    ),
    "judgement": (
        "I decided not to escalate {topic} yet: the home was clean and {child} was settled.",
        "I used my judgement to extend the visit when {parent} became upset.",
        "I held back from a written agreement; I want the evidence from the school first.",
    ),
    "strengths": (
        "Sitting {place} and following {child}'s lead worked well.",
        "Being honest about the plan early on kept the conversation going.",
        "{parent} responded well to being asked what was going right.",
    ),
    "feelings": (
        "I felt {feeling} on the way back to the office.",
        "I noticed I was {feeling} when {parent} talked about {topic}.",
        "I am still carrying what {child} said about home.",
        "I felt {feeling}, and a bit {feeling2} by the end.",
    ),
    "actions": (
        "Next time I will start with {topic} and give {parent} more time.",
        "I need to follow up {topic} before the next visit.",
        "I will see {child} alone next time.",
    ),
    "supervision": (
        "I want to talk through whether my view of {topic} is too hopeful.",
        "I would like help thinking about how to hold the line on {topic}.",
        "Nothing pressing for supervision from this visit.",
    ),
}

_PROMPT_BANK: dict[str, str] = {
    "context": "context",
    "relationship-experience": "relationship",
    "relationship-help-harm": "relationship",
    "agenda": "negotiation",
    "trust-signs": "negotiation",
    "partnership-limits": "limits",
    "power": "limits",
    "parent-view": "parent",
    "child-voice": "child",
    "direct-time": "time",
    "timescales": "time",
    "judgement": "judgement",
    "strengths": "strengths",
    "feelings": "feelings",
    "support": "feelings",
    "next-actions": "actions",
    "for-supervision": "supervision",
}


def _fill(rng: random.Random, template: str) -> str:
    feeling = rng.choice(FEELINGS)
    text = template.format(
        parent=rng.choice(PARENTS),
        child=rng.choice(CHILDREN),
        place=rng.choice(PLACES),
        topic=rng.choice(TOPICS),
        feeling=feeling,
        feeling2=rng.choice([f for f in FEELINGS if f != feeling]),
    )
    # Capitalise every sentence, including a role that starts one mid-template.
    return re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def _answer_text(rng: random.Random, prompt_id: str, long_tail: bool = True) -> str:
    """A sentence to several paragraphs: the prompt's own sentences among long-tailed ones.

    Without ``long_tail`` every sentence is the prompt's own, so the text reads
    as English (the demo, which people read); with it most are long-tailed words,
    invented ones too (tests and benchmarks: index size and speed need that).
    """
    bank = SENTENCES[_PROMPT_BANK.get(prompt_id, rng.choice(tuple(SENTENCES)))]
    if not long_tail:
        # Each of the prompt's sentences at most once, and only one paragraph:
        # the same template twice reads as a fault, not as someone writing.
        count = min(sum(answer_length(rng)), len(bank))
        return " ".join(_fill(rng, template) for template in rng.sample(bank, count))
    paragraphs: list[str] = []
    for count in answer_length(rng):
        sentences = [
            _fill(rng, rng.choice(bank)) if rng.random() < 0.4 else free_sentence(rng)
            for _ in range(count)
        ]
        # Every answer says something about its prompt, first.
        if not paragraphs:
            sentences[0] = _fill(rng, rng.choice(bank))
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def generate(
    library: PromptLibrary,
    count: int,
    *,
    seed: int = 1,
    until: date | None = None,
    long_tail: bool = True,
) -> Iterator[EntryRecord]:
    """Yield ``count`` invented entries, visit dates spread over two academic years.

    ``long_tail=False`` writes only readable sentences (see `_answer_text`).
    """
    rng = random.Random(seed)
    until = until or date.today()
    first = sample_terms(until)[0].start
    span_days = max((until - first).days, 1)
    codes = [f"CF-{rng.randint(1000, 9999)}" for _ in range(max(8, min(400, count // 12 + 1)))]
    sets: list[tuple[PromptSet, int]] = [
        (library.sets[sid], weight)
        for sid, weight in (("relational", 14), ("quick", 3), ("gibbs", 2), ("driscoll", 1))
        if sid in library.sets
    ]
    if not sets:
        sets = [(library.default(), 1)]
    visit_types = (
        [VisitType.HOME] * 12
        + [VisitType.JOINT] * 3
        + [VisitType.OFFICE, VisitType.VIRTUAL, VisitType.OTHER]
    )
    for _ in range(count):
        prompt_set = rng.choices([s for s, _ in sets], [w for _, w in sets])[0]
        visit_day = first + timedelta(days=rng.randrange(span_days + 1))
        created = datetime.combine(visit_day, time(rng.randint(9, 19), rng.randint(0, 59)), UTC)
        draft = rng.random() < 0.05
        answers = []
        for position, prompt in enumerate(prompt_set.prompts):
            skipped = prompt.optional and rng.random() < 0.4
            answers.append(
                AnswerView(
                    prompt_id=prompt.id,
                    question=prompt.question,
                    text="" if skipped else _answer_text(rng, prompt.id, long_tail),
                    theme=prompt.theme,
                    position=position,
                )
            )
        answered = [p for p, a in zip(prompt_set.prompts, answers, strict=True) if a.text]
        themes = sorted({p.tag for p in answered if p.tag})
        pcf = sorted({d for p in answered for d in p.pcf})
        flagged = rng.random() < 0.15
        actions = tuple(
            (
                rng.choice(ACTIONS),
                visit_day + timedelta(days=rng.randint(2, 28)) if rng.random() < 0.7 else None,
                rng.random() < 0.5,
            )
            for _ in range(rng.choice((0, 1, 1, 2, 3)))
        )
        yield EntryRecord(
            uid=uuid.UUID(int=rng.getrandbits(128)).hex,
            visit_date=visit_day,
            case_code=rng.choice(codes),
            visit_type=rng.choice(visit_types).value,
            visit_minutes=rng.choice((None, 30, 45, 60, 60, 75, 90)),
            prompt_set_id=prompt_set.id,
            prompt_set_version=prompt_set.version,
            status="draft" if draft else "complete",
            created_at=created,
            updated_at=created + timedelta(minutes=rng.randint(10, 40)),
            completed_at=None if draft else created + timedelta(minutes=rng.randint(10, 40)),
            current_step=rng.randrange(len(answers)) if draft else 0,
            answers=tuple(answers),
            flagged=flagged,
            supervisor_question=(
                _fill(rng, rng.choice(SENTENCES["supervision"][:2])) if flagged else ""
            ),
            themes=tuple(themes),
            pcf_domains=tuple(pcf),
            free_tags=tuple(sorted(set(rng.sample(FREE_TAGS, rng.choice((0, 1, 1, 2)))))),
            actions=actions,
        )


def fill_journal(
    journal: Journal,
    library: PromptLibrary,
    count: int,
    *,
    seed: int = 1,
    until: date | None = None,
    long_tail: bool = True,
) -> int:
    """Add ``count`` sample entries and the terms they fall in; returns entries added.

    Terms whose names the user already has are left out. ``long_tail=False``
    (the demo) writes only readable sentences.
    """
    from reflect.core.sample_year import add_sample_cpd, add_sample_periods

    until = until or date.today()
    add_terms(journal, sample_terms(until))
    records = generate(library, count, seed=seed, until=until, long_tail=long_tail)
    # The uid says the entry was invented, so `reflect sample` can tell a
    # journal of its own making from a real one.
    added = journal.add_records(r._replace(uid=INVENTED_UID_PREFIX + r.uid) for r in records)
    add_sample_periods(journal, until)
    add_sample_cpd(journal, until)
    journal.remember_scans_of(journal.iter_details(EntryFilter()))  # as a worker's would have
    return added
