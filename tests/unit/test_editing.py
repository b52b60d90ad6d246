"""Editing a completed entry without a screen (reflect/core/editing.py)."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any

from reflect.core.editing import EntryEdit, edit_values
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryDetail, PromptRef


def completed(journal: Journal, library: PromptLibrary) -> EntryDetail:
    quick = library.get("quick")
    entry = journal.create_draft(
        visit_date=date(2026, 11, 18),
        case_code="CF-3150",
        visit_type="home",
        prompt_set_id=quick.id,
        prompt_set_version=quick.version,
        prompts=[PromptRef(p.id, p.question, p.theme) for p in quick.prompts],
    )
    journal.save_draft(entry.id, {"what-happened": "Short visit"})
    journal.complete(entry.id)
    return journal.get_entry(entry.id)


def shown(entry: EntryDetail, first: str, *, free: tuple[str, ...] = ()) -> dict[Hashable, Any]:
    answers = [first] + [a.text for a in entry.answers[1:]]
    return edit_values(
        entry,
        answers,
        {},
        flagged=entry.flagged,
        supervisor_question=entry.supervisor_question,
        tags=(entry.themes, entry.pcf_domains, free or entry.free_tags),
    )


def save(edit: EntryEdit, journal: Journal) -> None:
    result = edit.save_state.save(lambda request: edit.write(journal, request))
    assert result.saved, result.error


def test_one_sitting_keeps_one_earlier_version(journal: Journal, library: PromptLibrary) -> None:
    entry = completed(journal, library)
    edit = EntryEdit(entry.id)
    edit.opened(entry, shown(entry, "Short visit"))
    assert edit.save_state.unsaved == {}
    edit.save_state.edit_many(shown(entry, "Short visit, mum upset"))
    save(edit, journal)
    edit.save_state.edit_many(shown(entry, "Short visit, mum upset at the door"))
    save(edit, journal)
    assert journal.get_entry(entry.id).answers[0].text == "Short visit, mum upset at the door"
    versions = journal.revisions(entry.id)
    assert len(versions) == 1  # the version opened, once, not one per save


def test_tags_are_saved_with_the_words(journal: Journal, library: PromptLibrary) -> None:
    entry = completed(journal, library)
    edit = EntryEdit(entry.id)
    edit.opened(entry, shown(entry, "Short visit"))
    edit.save_state.edit_many(shown(entry, "Short visit", free=("housing",)))
    save(edit, journal)
    assert journal.get_entry(entry.id).free_tags == ("housing",)


def test_a_detail_with_a_problem_is_left_out_until_fixed(
    journal: Journal, library: PromptLibrary
) -> None:
    entry = completed(journal, library)
    values = edit_values(
        entry,
        [a.text for a in entry.answers],
        None,
        flagged=False,
        supervisor_question="",
        tags=((), (), ()),
    )
    assert not any(isinstance(k, tuple) and k[1] == "case_code" for k in values)
    with_case = edit_values(
        entry,
        [a.text for a in entry.answers],
        {"case_code": "CF-3151"},
        flagged=False,
        supervisor_question="",
        tags=((), (), ()),
    )
    assert with_case[("field", "case_code")] == "CF-3151"


def test_keeping_mine_puts_the_unsaved_words_in_history(
    journal: Journal, library: PromptLibrary
) -> None:
    entry = completed(journal, library)
    edit = EntryEdit(entry.id)
    edit.opened(entry, shown(entry, "Short visit"))
    edit.save_state.edit_many(shown(entry, "Words only on screen"))
    edit.keep_mine(journal)
    kept = journal.revisions(entry.id)
    assert any(a.text == "Words only on screen" for version in kept for a in version.answers)
    assert journal.get_entry(entry.id).answers[0].text == "Short visit"
