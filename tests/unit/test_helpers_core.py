"""Dates, the case-code check and the entry renderer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reflect.core.dates import parse_date
from reflect.core.privacy import case_code_warning
from reflect.core.records import ActionView, AnswerView, EntryDetail
from reflect.core.render import entry_markdown, escape_text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-03", date(2026, 11, 3)),
        ("3/11/2026", date(2026, 11, 3)),
        ("03.11.2026", date(2026, 11, 3)),
        (" today ", date(2026, 11, 20)),
        ("Yesterday", date(2026, 11, 19)),
    ],
)
def test_dates(typed: str, expected: date) -> None:
    assert parse_date(typed, today=date(2026, 11, 20)) == expected


@pytest.mark.parametrize("typed", ["31/02/2026", "2026-13-01", "the week after", "", "11/2026"])
def test_bad_dates(typed: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(typed)


@pytest.mark.parametrize(
    "code", ["CF-1042", "Family K", "AB", "K family", "fam 12", "ZX-9", "Unborn baby B"]
)
def test_codes_that_pass(code: str) -> None:
    assert case_code_warning(code) is None


@pytest.mark.parametrize("code", ["Jade Morgan", "Smith family", "Tyler", "the O'Neill children"])
def test_codes_that_look_like_names(code: str) -> None:
    warning = case_code_warning(code)
    assert warning is not None and "looks like it could be a name" in warning


def detail(text: str, question: str = "What happened?", case_code: str = "CF-1") -> EntryDetail:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    return EntryDetail(
        id=1,
        uid="u",
        visit_date=date(2026, 11, 20),
        case_code=case_code,
        visit_type="home",
        visit_minutes=45,
        prompt_set_id="relational",
        prompt_set_version="1",
        status="complete",
        current_step=0,
        flagged=True,
        supervisor_question=text,
        created_at=now,
        updated_at=now,
        completed_at=now,
        deleted_at=None,
        answers=(
            AnswerView("context", question, text, "The visit", 0),
            AnswerView("feelings", "What did you feel?", "", "Use of self and emotion", 1),
        ),
        themes=("Trust through negotiation",),
        free_tags=(text[:20] or "x",),
        actions=(ActionView(1, text or "ring", date(2026, 12, 1), False),),
    )


def headings(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        "".join(c.content for c in tokens[i + 1].children or [] if c.type == "text")
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def test_rendered_entry_structure() -> None:
    md = entry_markdown(detail("We sat in the kitchen."))
    assert headings(md) == [
        "Friday 20 November 2026, CF-1, Home visit",
        "The visit",
        "Use of self and emotion",
        "Tags",
        "Next actions",
        "Supervision",
    ]
    assert "*Not answered.*" in md
    assert "**What happened?**" in md
    assert "Length of visit: 45 minutes" in md


def plain(markdown: str) -> str:
    """The text a reader sees, without markup."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    out = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append("\n")
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_typed_text_never_changes_the_structure(text: str) -> None:
    md = entry_markdown(
        detail(text, question=text[:40] or "Q?", case_code=(text[:10].strip() or "CF-1"))
    )
    tokens = MarkdownIt("commonmark").parse(md)
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "fence", "code_block", "hr", "blockquote_open"}
    for token in tokens:
        for child in token.children or []:
            assert child.type not in ("html_inline", "link_open", "image", "code_inline")
    assert len(headings(md)) == 6


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=200)
)
def test_escaped_text_reads_as_typed(text: str) -> None:
    shown = plain(escape_text(text))
    # Whitespace is normalised at line ends and between paragraphs; the words are kept.
    assert shown.split() == text.split() or " ".join(shown.split()) == " ".join(text.split())
