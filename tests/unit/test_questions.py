"""Each question is stored once per prompt-set version, and every path still gives its text."""

from __future__ import annotations

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter, PromptRef
from reflect.core.sample import fill_journal, generate
from tests.helpers import TODAY


def test_a_question_is_stored_once_however_many_answers(
    journal: Journal, library: PromptLibrary
) -> None:
    records = list(generate(library, 300, seed=31, until=TODAY))
    journal.add_records(records)
    distinct = {
        (r.prompt_set_id, r.prompt_set_version, a.prompt_id, a.question)
        for r in records
        for a in r.answers
    }
    with journal.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM question").scalar_one()
        answers = conn.exec_driver_sql("SELECT count(*) FROM answer").scalar_one()
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(answer)")}
    assert stored == len(distinct) < answers / 20
    assert "question" not in columns
    # Reading gives back exactly what was loaded.
    read = {e.uid: e for e in journal.iter_details(EntryFilter(status=None))}
    for record in records[:50]:
        assert [a.question for a in read[record.uid].answers] == [
            a.question for a in record.answers
        ]


def test_a_new_entry_reuses_the_stored_questions(journal: Journal, library: PromptLibrary) -> None:
    fill_journal(journal, library, 40, seed=32, until=TODAY)
    with journal.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM question").scalar_one()
    prompt_set = library.sets["relational"]
    entry = journal.create_draft(
        visit_date=TODAY,
        case_code="CF-1234",
        visit_type="home",
        prompt_set_id=prompt_set.id,
        prompt_set_version=prompt_set.version,
        prompts=[PromptRef(p.id, p.question, p.theme) for p in prompt_set.prompts],
    )
    with journal.engine.connect() as conn:
        after = conn.exec_driver_sql("SELECT count(*) FROM question").scalar_one()
    assert after == before  # the sample already used this set's questions
    assert [a.question for a in journal.get_entry(entry.id).answers] == [
        p.question for p in prompt_set.prompts
    ]
