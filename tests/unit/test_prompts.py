"""Prompt sets: the bundled sets' structure, validation messages, user sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core.prompt_starter import write_starter
from reflect.core.prompts import (
    PromptLibrary,
    PromptSetInvalid,
    bundled_prompts_dir,
    load_library,
    load_prompt_file,
    parse_prompt_set,
)
from reflect.core.vocab import PCF_DOMAINS

DOMAIN_THEMES = {
    "The relationship as the intervention",
    "Trust through negotiation",
    "Partnership and its limits",
    "Face-to-face time and paperwork",
    "Organisational imperatives and timescales",
    "Professional judgement and discretion",
    "The parent's perspective",
    "The child's experience and voice",
    "Use of self and emotion",
    "Strengths and what worked",
}

MINIMAL = """
id = "mine"
name = "Mine"
version = "1"
description = "A set."

[[prompts]]
id = "one"
question = "What happened?"
"""


def test_bundled_sets_are_all_there(library: PromptLibrary) -> None:
    assert set(library.sets) == {
        "relational",
        "relational-short",
        "gibbs",
        "driscoll",
        "kolb",
        "johns",
        "quick",
        "schon",
        "fook",
        "ruch",
    }
    assert {s.origin for s in library.sets.values()} == {"bundled"}
    assert library.default().id == "relational"
    assert library.problems == [] and library.notices == []


def test_every_bundled_set_validates_and_is_well_formed(library: PromptLibrary) -> None:
    for prompt_set in library.sets.values():
        assert prompt_set.description and prompt_set.when_to_use and prompt_set.name
        for prompt in prompt_set.prompts:
            assert "?" in prompt.question, (prompt_set.id, prompt.id)
            assert prompt.hint, (prompt_set.id, prompt.id)
            assert prompt.theme, (prompt_set.id, prompt.id)
            assert set(prompt.pcf) <= set(PCF_DOMAINS)
        assert not prompt_set.prompts[0].optional


def test_relational_covers_every_theme_with_a_citation(library: PromptLibrary) -> None:
    relational = library.get("relational")
    by_theme: dict[str, list[str]] = {}
    for prompt in relational.prompts:
        by_theme.setdefault(prompt.theme, []).append(prompt.id)
        if prompt.theme in DOMAIN_THEMES:
            assert relational.citation(prompt), prompt.id
            assert prompt.tag == prompt.theme
    for theme in DOMAIN_THEMES:
        assert 1 <= len(by_theme.get(theme, [])) <= 3, theme
    ids = [p.id for p in relational.prompts]
    assert ids[0] == "context"  # opens on the visit's context and purpose
    assert ids[-3:] == ["support", "next-actions", "for-supervision"] or ids[-2:] == [
        "next-actions",
        "for-supervision",
    ]
    themes_in_order = [p.theme for p in relational.prompts]
    assert themes_in_order.index("Use of self and emotion") > themes_in_order.index(
        "Strengths and what worked"
    )
    sources = " ".join(relational.sources.values())
    assert "Child and Family Social Work 17(3)" in sources
    assert "10.1080/09649069.2018.1444447" in sources
    # every PCF domain is reachable from the default set
    assert {d for p in relational.prompts for d in p.pcf} == set(PCF_DOMAINS)


def test_models_follow_their_stages(library: PromptLibrary) -> None:
    def themes(set_id: str) -> list[str]:
        return [p.theme for p in library.get(set_id).prompts]

    assert themes("gibbs") == [
        "Description",
        "Feelings",
        "Evaluation",
        "Analysis",
        "Conclusion",
        "Action plan",
    ]
    assert themes("driscoll") == ["What?", "So what?", "Now what?"]
    assert all(len(p.cues) >= 3 for p in library.get("driscoll").prompts)
    assert themes("kolb") == [
        "Concrete experience",
        "Reflective observation",
        "Abstract conceptualisation",
        "Active experimentation",
    ]
    johns = themes("johns")
    assert johns[0] == "Looking in"
    assert all(t.startswith("Looking out") for t in johns[1:])
    for area in ("aesthetics", "personal", "ethics", "empirics", "reflexivity"):
        assert f"Looking out: {area}" in johns
    assert len(library.get("quick").prompts) == 4
    assert themes("schon")[:2] == ["Reflection in action"] * 2
    assert "Reflection on action" in themes("schon")
    assert themes("fook")[1] == "Unearthing assumptions"
    assert themes("fook")[-1] == "Reconstructing practice"
    ruch = themes("ruch")
    for principle in ("This encounter", "Behaviour is complex", "Inner and outer worlds"):
        assert principle in ruch
    for set_id in ("gibbs", "driscoll", "kolb", "johns", "schon", "fook", "ruch"):
        prompt_set = library.get(set_id)
        assert prompt_set.sources, set_id
        assert all(p.source in prompt_set.sources for p in prompt_set.prompts)


def test_bundled_folder_is_the_checkout_or_the_package() -> None:
    folder = bundled_prompts_dir()
    assert (folder / "relational.toml").is_file()


def problems_of(text: str) -> list[str]:
    with pytest.raises(PromptSetInvalid) as info:
        parse_prompt_set(text, "my.toml")
    return [str(p) for p in info.value.problems]


def test_minimal_set_is_valid() -> None:
    prompt_set = parse_prompt_set(MINIMAL, "mine.toml")
    assert prompt_set.id == "mine" and prompt_set.prompts[0].question == "What happened?"


def test_invalid_toml_names_the_line() -> None:
    (message,) = problems_of('id = "x"\nname = \n')
    assert message.startswith("my.toml:2: not valid TOML")


def test_unknown_keys_are_reported_with_lines() -> None:
    text = MINIMAL.replace('version = "1"', 'version = "1"\ncolour = "blue"') + 'qestion = "typo"\n'
    messages = problems_of(text)
    assert any(m.startswith("my.toml:5: unknown key 'colour'") for m in messages), messages
    assert any(
        "prompt 1: unknown key 'qestion'" in m and m.startswith("my.toml:11:") for m in messages
    ), messages


def test_duplicate_prompt_ids() -> None:
    text = MINIMAL + '\n[[prompts]]\nid = "one"\nquestion = "Again?"\n'
    (message,) = problems_of(text)
    assert "prompt 2 repeats the id 'one'" in message
    assert message.startswith("my.toml:12:")


def test_missing_question_and_empty_set() -> None:
    (missing,) = problems_of(MINIMAL.replace('question = "What happened?"', 'theme = "x"'))
    assert "prompt 1: needs a 'question'" in missing
    empty = problems_of(MINIMAL.split("[[prompts]]")[0])
    assert any("has no prompts" in m for m in empty)


def test_many_problems_are_all_reported() -> None:
    text = (
        'id = "Bad Id"\nversion = [1]\n[[prompts]]\nid = "x"\npcf = ["Cooking"]\nsource = "nope"\n'
    )
    messages = problems_of(text)
    joined = "\n".join(messages)
    for expected in (
        "needs 'name'",
        "needs 'description'",
        "id must be",
        "'version' must be",
        "needs a 'question'",
        "'Cooking' is not a PCF domain",
        "'nope' is not one",
    ):
        assert expected in joined, expected


toml_scalars = st.one_of(
    st.text(max_size=20), st.integers(), st.booleans(), st.lists(st.text(max_size=5), max_size=3)
)


@settings(max_examples=200, deadline=None)
@given(
    top=st.dictionaries(
        st.sampled_from(["id", "name", "version", "description", "sources", "x"]), toml_scalars
    ),
    prompts=st.lists(
        st.dictionaries(
            st.sampled_from(
                ["id", "question", "theme", "hint", "cues", "optional", "pcf", "source", "y"]
            ),
            toml_scalars,
        ),
        max_size=3,
    ),
)
def test_generated_files_give_messages_not_tracebacks(top: dict, prompts: list) -> None:  # type: ignore[type-arg]
    import json

    lines = [f"{k} = {json.dumps(v)}" for k, v in top.items()]
    for prompt in prompts:
        lines.append("[[prompts]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in prompt.items()]
    text = "\n".join(lines)
    try:
        parse_prompt_set(text, "gen.toml")
    except PromptSetInvalid as invalid:
        assert invalid.problems
        assert all(str(p).startswith("gen.toml") for p in invalid.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_messages_not_tracebacks(text: str) -> None:
    try:
        parse_prompt_set(text, "any.toml")
    except PromptSetInvalid as invalid:
        assert invalid.problems


def test_user_sets_add_and_override_with_notice(tmp_path: Path) -> None:
    user = tmp_path / "prompts"
    user.mkdir()
    (user / "mine.toml").write_text(MINIMAL)
    (user / "quick.toml").write_text(MINIMAL.replace('id = "mine"', 'id = "quick"'))
    library = load_library(user)
    assert library.get("mine").origin == str(user / "mine.toml")
    assert library.get("quick").prompts[0].id == "one"
    assert library.notices == ["Your prompt set quick.toml replaces the bundled set 'quick'."]


def test_broken_user_set_is_skipped_and_reported(tmp_path: Path) -> None:
    user = tmp_path / "prompts"
    user.mkdir()
    (user / "a-broken.toml").write_text("id = \n")
    (user / "b-dup.toml").write_text(MINIMAL)
    (user / "c-dup.toml").write_text(MINIMAL)
    (user / "notes.txt").write_text("ignored")
    library = load_library(user)
    assert "mine" in library.sets and "relational" in library.sets
    assert [Path(p.path).name for p in library.problems] == ["a-broken.toml", "c-dup.toml"]
    assert "already used by" in library.problems[1].message


def test_starter_file_is_valid_and_not_overwritten(tmp_path: Path) -> None:
    path = write_starter(tmp_path / "prompts", "after-court")
    prompt_set = load_prompt_file(path)
    assert prompt_set.id == "after-court"
    assert len(prompt_set.prompts) == 2
    with pytest.raises(FileExistsError):
        write_starter(tmp_path / "prompts", "after-court")
    with pytest.raises(ValueError):
        write_starter(tmp_path / "prompts", "Bad Id")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PromptSetInvalid, match="no such file"):
        load_prompt_file(tmp_path / "nothing.toml")


def test_relational_v2_asks_one_thing_at_a_time(library: PromptLibrary) -> None:
    relational = library.get("relational")
    assert relational.version == "2"
    by_id = {p.id: p for p in relational.prompts}
    for prompt in relational.prompts:
        # one question mark, and no "and what/how/why" second question folded in
        assert prompt.question.count("?") == 1, prompt.id
        assert not any(f", and {w}" in prompt.question for w in ("what", "how", "why", "who"))
        assert "backroom" not in (prompt.question + prompt.hint + prompt.theme).lower()
        assert "the child " not in prompt.question, prompt.id
    # the papers' heart is not optional: trust, power, timescales
    for prompt_id in ("trust-signs", "power", "timescales"):
        assert not by_id[prompt_id].optional, prompt_id
    # practical help and the worker as someone to rely on have their own questions
    assert "practical help" in by_id["practical-help"].question
    assert "rely on" in by_id["relied-on"].question
    assert "relationship-help-harm" not in by_id
    # each answer fills one later step instead of being typed twice
    assert relational.filling("actions") is by_id["next-actions"]
    assert relational.filling("supervisor-question") is by_id["for-supervision"]


def test_short_relational_set_is_about_five_questions(library: PromptLibrary) -> None:
    short = library.get("relational-short")
    assert 4 <= len(short.prompts) <= 6
    assert {p.tag for p in short.prompts if p.tag} <= DOMAIN_THEMES
    assert short.filling("actions") is not None


def test_driscoll_speaks_in_one_voice(library: PromptLibrary) -> None:
    import re

    for prompt in library.get("driscoll").prompts:
        for text in (prompt.question, prompt.hint, *prompt.cues):
            assert not re.search(r"\b(I|me|my)\b", text), text


def test_fills_must_be_known() -> None:
    (message,) = problems_of(MINIMAL + 'fills = "agenda"\n')
    assert "'fills' must be one of 'actions', 'supervisor-question'" in message
    valid = parse_prompt_set(MINIMAL + 'fills = "actions"\n', "mine.toml")
    assert valid.filling("actions") is valid.prompts[0]
