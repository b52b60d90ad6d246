"""The state of writing one reflection, without a screen (reflect/core/writing.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.writing import ReflectionDraft, build_steps, carried_question

DETAILS: dict[str, Any] = {
    "visit_date": date(2026, 11, 18),
    "case_code": "CF-2040",
    "visit_type": "home",
}


def started(journal: Journal, library: PromptLibrary, set_id: str = "quick") -> ReflectionDraft:
    draft = ReflectionDraft()
    draft.begin(dict(DETAILS), library.get(set_id))
    draft.created(draft.create(journal))
    return draft


def save(draft: ReflectionDraft, journal: Journal) -> None:
    result = draft.save_state.save(lambda request: draft.write(journal, request))
    assert result.saved, result.error


def test_steps_run_details_questions_then_the_finishing_steps(library: PromptLibrary) -> None:
    steps = build_steps(list(library.get("quick").prompts))
    assert [s.kind for s in steps] == [
        "details",
        *["prompt"] * 4,
        "tags",
        "actions",
        "supervision",
        "summary",
    ]


def test_moving_between_steps_keeps_the_furthest_and_refuses_the_impossible(
    library: PromptLibrary,
) -> None:
    draft = ReflectionDraft()
    draft.begin(dict(DETAILS), library.get("quick"))
    assert draft.go(3)
    assert draft.go(1)
    assert draft.furthest == 3
    assert not draft.go(1)  # already there
    assert not draft.go(len(draft.steps))
    assert not draft.go(-1)
    assert draft.step_index == 1


def test_which_keys_make_sense_on_which_step(library: PromptLibrary) -> None:
    draft = ReflectionDraft()
    assert not draft.allows("previous")
    assert not draft.allows("save_now")  # nothing to save before the draft exists
    assert draft.allows("next") and not draft.allows("finish")
    draft.begin(dict(DETAILS), library.get("quick"))
    draft.entry_id = 1
    draft.go(1)
    assert draft.allows("skip") and draft.allows("hint") and draft.allows("save_now")
    draft.go(len(draft.steps) - 1)
    assert draft.allows("finish") and not draft.allows("next")
    assert not draft.allows("replace_identifiers")  # nothing found yet


def test_words_typed_while_the_draft_is_created_are_saved_once_it_exists(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = ReflectionDraft()
    draft.begin(dict(DETAILS), library.get("quick"))
    draft.go(1)
    draft.type_answer("Mum was upset at the door")
    assert draft.unsaved  # creating: nothing is in the journal yet
    assert draft.save_state.unsaved == {}  # and the save state waits for the draft
    draft.created(draft.create(journal))
    assert draft.save_state.unsaved[("answer", "what-happened")] == "Mum was upset at the door"
    save(draft, journal)
    assert not draft.unsaved
    entry = journal.get_entry(draft.entry_id)  # type: ignore[arg-type]
    assert entry.answers[0].text == "Mum was upset at the door"
    assert entry.current_step == 1


def test_a_save_writes_only_what_changed_and_the_step(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = started(journal, library)
    draft.go(2)
    draft.type_answer("shaken")
    draft.set_field("flagged", True)
    sent: list[dict[Any, Any]] = []

    def write(request: Any) -> int | None:
        sent.append(dict(request.changes))
        return draft.write(journal, request)

    assert draft.save_state.save(write).saved
    assert sent == [{("answer", "how-i-am"): "shaken", ("field", "flagged"): True, "step": 2}]
    entry = journal.get_entry(draft.entry_id)  # type: ignore[arg-type]
    assert entry.flagged and entry.current_step == 2


def test_resuming_starts_at_the_step_it_stopped_with_its_words(
    journal: Journal, library: PromptLibrary
) -> None:
    first = started(journal, library)
    first.go(3)
    first.type_answer("a word with my manager")
    save(first, journal)
    entry = journal.get_entry(first.entry_id)  # type: ignore[arg-type]
    again = ReflectionDraft(entry.id)
    again.resume(entry, library.get("quick"))
    assert again.step_index == 3 and again.furthest == 3
    assert again.answers["what-i-need"] == "a word with my manager"
    assert not again.unsaved


def test_the_supervision_answer_fills_the_question_until_the_worker_writes_their_own(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = started(journal, library, "relational")
    index = next(
        i
        for i, s in enumerate(draft.steps)
        if s.prompt is not None and s.prompt.fills == "supervisor-question"
    )
    draft.go(index)
    assert draft.type_answer("Whether to step back") == "Whether to step back"
    assert draft.fields == {"flagged": True, "supervisor_question": "Whether to step back"}
    draft.set_field("supervisor_question", "My own question")
    assert draft.type_answer("Whether to step back now") is None
    assert draft.fields["supervisor_question"] == "My own question"


@given(st.text(max_size=40), st.text(max_size=40))
def test_a_question_of_ones_own_is_never_overwritten(answer: str, question: str) -> None:
    carried = carried_question(answer, "", question)
    if question.strip():
        assert carried is None
    else:
        assert carried == answer.strip()


def test_suggestions_follow_the_questions_answered(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = started(journal, library)
    assert draft.suggested_themes() == set()
    draft.go(2)  # "How I am"
    draft.type_answer("tired")
    assert draft.suggested_themes() == {"Use of self and emotion"}
    assert draft.suggested_pcf() == {"Professionalism"}
    # The set's own theme first, then the other relational-practice themes to tick.
    assert draft.theme_names()[0] == "Use of self and emotion"
    assert len(draft.theme_names()) == 10


def test_the_next_step_answer_becomes_actions_with_their_dates(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = started(journal, library)
    draft.go(4)  # "One next step" fills the actions
    draft.type_answer("- ring the school by 25/11/2026\n\n* book a joint visit\n")
    assert draft.actions_from_answer(date(2026, 11, 20)) == [
        ("ring the school", date(2026, 11, 25)),
        ("book a joint visit", None),
    ]


def test_anything_written_counts_words_actions_and_own_tags(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = started(journal, library)
    assert not draft.anything_written(actions=0, free_tags=[])
    assert draft.anything_written(actions=1, free_tags=[])
    assert draft.anything_written(actions=0, free_tags=["housing"])
    draft.go(1)
    draft.type_answer("   ")
    assert not draft.anything_written(actions=0, free_tags=[])
    draft.type_answer("a word")
    assert draft.anything_written(actions=0, free_tags=[])


def test_the_check_finds_identifiers_and_replacing_masks_them_in_place(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = started(journal, library)
    draft.go(1)
    draft.type_answer("They have moved to SW1A 1AA since the last visit.")
    draft.set_field("supervisor_question", "Ring 07700 900123 first?")
    found = draft.check()
    assert [(f.where, f.finding.label) for f in found] == [
        ("What happened", "postcode"),
        ("Question for your supervisor", "phone number"),
    ]
    assert "Please check before saving: 2 things" in draft.findings_note()
    assert draft.allows("replace_identifiers") is False  # not on the summary step
    assert draft.replace_identifiers()  # the supervisor question changed too
    assert "SW1A 1AA" not in draft.answers["what-happened"]
    assert "07700 900123" not in draft.fields["supervisor_question"]
    assert draft.check() == []
    save(draft, journal)
    entry = journal.get_entry(draft.entry_id)  # type: ignore[arg-type]
    assert "SW1A" not in entry.answers[0].text


def test_discarding_takes_the_unsaved_answers_with_it(
    journal: Journal, library: PromptLibrary
) -> None:
    draft = started(journal, library)
    draft.go(1)
    draft.type_answer("not saved yet")
    assert draft.unsaved_answers() == {"what-happened": "not saved yet"}
    save(draft, journal)
    assert draft.unsaved_answers() == {}


def test_the_summary_is_the_entry_as_it_stands(journal: Journal, library: PromptLibrary) -> None:
    draft = started(journal, library)
    draft.go(1)
    draft.type_answer("short visit")
    shown = draft.detail(
        themes=["Use of self and emotion"], pcf=[], free=["school"], actions=[], details={}
    )
    assert shown.answers[0].text == "short visit"
    assert [a.position for a in shown.answers] == [0, 1, 2, 3]
    assert shown.themes == ("Use of self and emotion",) and shown.free_tags == ("school",)
    assert journal.get_entry(draft.entry_id).answers[0].text == ""  # type: ignore[arg-type]
