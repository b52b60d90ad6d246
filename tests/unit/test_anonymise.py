"""One case-code anonymiser: no case code in the journal survives in anything anonymised.

The journal export in every format, the CPD records and the supervision
agenda all use `TextScreen`. Each example writes entries, a supervision
session and a CPD record that mention the families by their codes (in any
case, beside any punctuation, in another family's entry) and then reads
every anonymised document back. One family's entry is outside the period
exported, so only the journal's list of codes can catch its code.
"""

from __future__ import annotations

import io
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.core.agenda import build_agenda
from reflect.core.cpd import CpdFields
from reflect.core.export import ExportScope, export, export_to_stream
from reflect.core.export.anonymise import TextScreen
from reflect.core.journal import Journal
from reflect.core.records import AnswerView, EntryRecord
from reflect.core.sessions import SessionContent

WHEN = datetime(2026, 11, 20, 9, 0)
DAY = date(2026, 10, 5)
SCOPE = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1))
# The last family's entry is before the period: its code is typed in the others' entries.
EARLIER = date(2025, 1, 10)

codes = st.lists(
    st.from_regex(r"[A-Z]{2}-[0-9]{3,5}", fullmatch=True),
    min_size=2,
    max_size=4,
    unique_by=str.casefold,
)
# Free text around the codes; digits left out so it cannot spell a code by chance.
filler = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Nd")), max_size=40
)
# What a code is typed between: never a letter, digit or hyphen, which would make it
# part of a longer code or word (that is not the code).
beside = st.sampled_from([" ", ", ", ". ", "\n", "'s ", "(", ") ", ": ", "/", "; "])
typing = st.sampled_from([str, str.lower, str.title])


def mention(draw: st.DrawFn, all_codes: list[str]) -> str:
    """Typed text naming every code at least once, as a worker might."""
    parts = [draw(filler)]
    named = draw(st.permutations(all_codes)) + draw(
        st.lists(st.sampled_from(all_codes), max_size=3)
    )
    for code in named:
        parts += [draw(beside), draw(typing)(code), draw(beside), draw(filler)]
    return "".join(parts)


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """(the case codes, texts mentioning them: one per place a worker types)."""
    chosen = draw(codes)
    return chosen, [mention(draw, chosen) for _ in range(6)]


@pytest.fixture(scope="module")
def empty_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty journal made once; each example works on a copy."""
    path = tmp_path_factory.mktemp("anonymise") / "empty.db"
    Journal.open(path).close()
    return path


def fill(journal: Journal, all_codes: list[str], texts: list[str]) -> None:
    moment = datetime(2026, 10, 5, tzinfo=UTC)
    answer, question, action, notes, learnt, impact = texts
    journal.add_records(
        EntryRecord(
            uid=f"{i:032d}",
            visit_date=EARLIER if i == len(all_codes) - 1 else DAY,
            case_code=code,
            visit_type="home",
            prompt_set_id="quick",
            prompt_set_version="1",
            status="complete",
            created_at=moment,
            updated_at=moment,
            completed_at=moment,
            answers=(AnswerView("context", "What happened?", answer, "", 0),),
            flagged=True,
            supervisor_question=question,
            free_tags=(code,),
            actions=((action, None, False),),
        )
        for i, code in enumerate(all_codes)
    )
    session = journal.start_session_draft(SessionContent(DAY, "JB", notes))
    journal.record_session(session.id, SessionContent(DAY, "JB", notes))
    fields = CpdFields(
        title=f"Supervision about {all_codes[0]}",
        cpd_type="Supervision",
        description=notes,
        activity_date=DAY,
        learnt=learnt,
        impact=impact,
        peer_reflection=answer,
        peer_role="my supervisor",
    )
    journal.complete_cpd(journal.create_cpd(fields).id, fields)


def documents(journal: Journal, *, anonymise: bool) -> dict[str, str]:
    """Every document Reflect writes from the journal, as plain text."""
    import docx

    scope = ExportScope(
        start=SCOPE.start, end=SCOPE.end, anonymise=anonymise, keep_case_codes=not anonymise
    )
    out = {
        fmt: export(journal, scope, fmt=fmt, generated=WHEN).text
        for fmt in ("markdown", "html", "cpd")
    }
    buffer = io.BytesIO()
    export_to_stream(journal, scope, buffer, fmt="docx", generated=WHEN)
    word = docx.Document(io.BytesIO(buffer.getvalue()))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    out["docx"] = "\n".join([p.text for p in word.paragraphs] + cells)
    out["agenda"] = build_agenda(journal, anonymise=anonymise, generated=WHEN)[0]
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(example=journals())
def test_no_case_code_in_the_journal_survives_in_any_anonymised_output(
    example: tuple[list[str], list[str]], empty_copy: Path, tmp_path: Path
) -> None:
    all_codes, texts = example
    path = tmp_path / "journal.db"
    shutil.copy(empty_copy, path)  # with its private permission bits
    with Journal.open(path) as journal:
        fill(journal, all_codes, texts)
        assert sorted(journal.case_codes()) == sorted(all_codes)
        plain = documents(journal, anonymise=False)
        anonymised = documents(journal, anonymise=True)
    for name, text in anonymised.items():
        for code in all_codes:
            # The check can fail: each document names the code when not anonymised.
            assert code.casefold() in plain[name].casefold().replace("\\", ""), name
            assert code.casefold() not in text.casefold(), (name, code)
        assert "Family A" in text, name


def test_letters_follow_first_appearance_and_codes_match_whole() -> None:
    screen = TextScreen(["CF-9", "AB-1", "ab-12"])
    assert screen.text("ab-12 met AB-1; cf-9. AB-123 is not ours") == (
        "Family A met Family B; Family C. AB-123 is not ours"
    )
    assert screen.placeholder("CF-9") == "Family C" and screen.placeholder("XY-5") == "Family D"
    assert screen.text("xy-5 again") == "Family D again"  # a code met first as an entry's


def test_without_anonymising_codes_stay_and_identifiers_are_counted() -> None:
    screen = TextScreen(["CF-9"], anonymise=False)
    assert screen.text("CF-9 rang from 07700 900123") == "CF-9 rang from 07700 900123"
    assert screen.placeholder("CF-9") == "CF-9" and screen.found["phone number"] == 1
