"""An import names the first field of an entry that is not what Reflect wrote (export.parsed).

`answers` looks at an answer's four texts at once and `texts` at a list's
strings in one loop (quicker for the usual file); a damaged one is still
named as the field-by-field check named it.
"""

from __future__ import annotations

import pytest

from reflect.core.export import parsed
from reflect.core.records import AnswerView

GOOD = {"prompt_id": "p", "question": "What happened?", "text": "We met.", "theme": "Voice"}


def test_good_answers_are_read_in_order() -> None:
    second = {**GOOD, "prompt_id": "q", "text": ""}
    assert parsed.answers([GOOD, second]) == (
        AnswerView("p", "What happened?", "We met.", "Voice", 0),
        AnswerView("q", "What happened?", "", "Voice", 1),
    )


@pytest.mark.parametrize(
    ("wrong", "named"),
    [
        ({"prompt_id": 1}, "a prompt id should be text"),
        ({"question": None}, "a question should be text"),
        ({"text": ["a"]}, "an answer should be text"),
        ({"theme": False}, "a theme should be text"),
        ({"theme": 2, "question": 1}, "a question should be text"),  # the first, in order
        ({"text": None, "prompt_id": None}, "a prompt id should be text"),
    ],
)
def test_the_first_answer_field_not_text_is_named(wrong: dict[str, object], named: str) -> None:
    with pytest.raises(parsed.Damaged, match=named):
        parsed.answers([GOOD, {**GOOD, "prompt_id": "q", **wrong}])


def test_a_missing_answer_field_is_named() -> None:
    answer = {key: value for key, value in GOOD.items() if key != "theme"}
    with pytest.raises(parsed.Damaged, match="a theme should be text"):
        parsed.answers([answer])


@pytest.mark.parametrize("value", [["a", 1], [None], ["a", "b", ["c"]]])
def test_a_list_of_texts_with_something_else_in_it_is_named(value: list[object]) -> None:
    with pytest.raises(parsed.Damaged, match="themes should be text"):
        parsed.texts(value, "themes")


def test_a_list_of_texts_is_read_as_it_is() -> None:
    assert parsed.texts(["b", "a", "b"], "themes") == ("b", "a", "b")
    assert parsed.texts([], "themes") == ()
    with pytest.raises(parsed.Damaged, match="themes should be a list"):
        parsed.texts("a", "themes")
