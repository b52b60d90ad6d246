"""The Markdown export writes each entry straight from it, exactly as from its blocks (issue 18).

`entry_markdown` skips making the blocks (`entry_blocks`) that the web page
and Word still use; these tests hold it to the same characters, over awkward
entries and over a whole document.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core.export import ExportScope
from reflect.core.export.content import chunks, entry_blocks
from reflect.core.export.markdown import chunk_markdown, entry_markdown, write_markdown
from reflect.core.export.scope import Document
from reflect.core.journal import Journal
from reflect.core.records import ActionView, AnswerView, EntryDetail
from tests.conftest import SampleCopy

# What Markdown could read as structure, line breaks of every kind, and ordinary words.
awkward = st.text(
    alphabet=st.sampled_from(
        ["a", "Z", " ", "\t", "\n", "\r", "1", "9", ".", ")", "#", "*", "_", "`", "\\", "<",
         "&", "|", "~", "[", "]", "(", "!", "-", "+", ">", "é", "\u00a0", "\u2028", "²"]
    ),
    max_size=40,
)  # fmt: skip
themes = st.sampled_from(["", " ", "Relationships", "Relationships ", "#1 Risk", "Voice"])


@st.composite
def entries(draw: st.DrawFn) -> EntryDetail:
    answers = draw(
        st.lists(st.tuples(themes, awkward, awkward), max_size=6).map(
            lambda found: tuple(
                AnswerView(f"p{n}", question, text, theme, n)
                for n, (theme, question, text) in enumerate(found)
            )
        )
    )
    actions = draw(
        st.lists(
            st.tuples(awkward, st.none() | st.just(date(2026, 3, 4)), st.booleans()), max_size=3
        )
    )
    moment = datetime(2026, 1, 2, 3, 4)
    return EntryDetail(
        id=1,
        uid="u1",
        visit_date=date(2026, 1, 2),
        case_code="CF-1",
        visit_type="home",
        visit_minutes=draw(st.none() | st.integers(0, 300)),
        prompt_set_id="set",
        prompt_set_version="1",
        status=draw(st.sampled_from(["complete", "draft"])),
        current_step=0,
        flagged=draw(st.booleans()),
        supervisor_question=draw(awkward),
        created_at=moment,
        updated_at=moment,
        completed_at=None,
        deleted_at=None,
        answers=answers,
        themes=tuple(draw(st.lists(awkward, max_size=2))),
        pcf_domains=tuple(draw(st.lists(awkward, max_size=2))),
        free_tags=tuple(draw(st.lists(awkward, max_size=2))),
        actions=tuple(
            ActionView(n, text, due, done) for n, (text, due, done) in enumerate(actions)
        ),
    )


@settings(max_examples=300)
@given(entries(), awkward, st.sampled_from(["", "an-anchor"]))
def test_an_entry_written_straight_is_what_its_blocks_write(
    entry: EntryDetail, title: str, anchor: str
) -> None:
    assert entry_markdown(entry, title, anchor) == chunk_markdown(
        entry_blocks(entry, title, anchor)
    )


def test_a_whole_document_is_what_its_blocks_write(tmp_path: Path, sample_copy: SampleCopy) -> None:
    generated = datetime(2026, 11, 27, 9, 0)
    with Journal.open(sample_copy(tmp_path / "journal.db", 200, 7)) as journal:
        journal.add_supervision_session(
            date(2026, 11, 10), supervisor_initials="JB", notes="# not a heading", entry_uids=[]
        )
        for scope in (
            ExportScope(include_drafts=True),
            ExportScope(start=date(2025, 9, 1), end=date(2025, 12, 19), anonymise=True),
        ):
            out = io.StringIO()
            write_markdown(Document(journal, scope, generated=generated), out)
            blocks = chunks(Document(journal, scope, generated=generated))
            expected = "".join(chunk_markdown(chunk) for chunk in blocks).rstrip("\n") + "\n"
            assert out.getvalue() == expected
            assert out.getvalue().count("\n### ") > 20


def slug_a_character_at_a_time(text: str) -> str:
    """`slug` as it was written before its quick way for ASCII headings."""
    import unicodedata

    kept = (
        c
        for c in text.lower()
        if c.isalnum() or c in " -_" or unicodedata.category(c).startswith("M")
    )
    return "".join(kept).replace(" ", "-")


@given(st.text(max_size=60) | st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_an_anchor_is_what_the_heading_made_a_character_at_a_time(heading: str) -> None:
    from reflect.core.export.content import slug

    assert slug(heading) == slug_a_character_at_a_time(heading)


def escape_line_with_one_search(line: str, in_link: bool) -> str:
    """`markdown._escape_line` as it was, with one search of the class (the reference)."""
    from reflect.core.export import markdown

    if markdown._ALWAYS.search(line):
        line = markdown._ALWAYS.sub(r"\\\1", line)
    if in_link:
        line = line.replace("[", "\\[").replace("]", "\\]")
    elif "]" in line or "!" in line:
        line = markdown._LINK_CLOSE.sub(r"\\]", markdown._IMAGE.sub(r"\\!", line))
    first = line[:1]
    if first in markdown._ASCII_PUNCTUATION and first != "\\":
        return "\\" + line
    if first.isdigit():
        return markdown._ORDERED.sub(r"\1\\\2", line)
    return line


@settings(max_examples=500, deadline=None)
@given(line=awkward, in_link=st.booleans())
def test_a_line_is_escaped_as_one_search_for_the_always_escaped_characters_did(
    line: str, in_link: bool
) -> None:
    from reflect.core.export import markdown

    assert markdown._escape_line(line, in_link) == escape_line_with_one_search(line, in_link)


def escape_every_line_looked_at(text: str, in_link: bool) -> str:
    """`markdown.escape` as it was: every line of every text looked at for markup."""
    import re

    from reflect.core.export import markdown

    if "\n" not in text and "\r" not in text:
        return markdown._escape_line(text.strip(), in_link)
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n").replace("\r", "\n"))
    rendered = []
    for paragraph in paragraphs:
        lines = [markdown._escape_line(line.strip(), in_link) for line in paragraph.split("\n")]
        rendered.append("\\\n".join(line for line in lines if line))
    return "\n\n".join(p for p in rendered if p)


# Texts of several lines, most with no markup at all (the case `escape` makes quicker).
plain_lines = st.text(
    alphabet=st.sampled_from(["a", "Z", " ", "\n", "\r", "1", ".", ")", "-", "é", "\t", "#"]),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(text=awkward | plain_lines, in_link=st.booleans())
def test_a_text_of_several_lines_is_escaped_as_when_every_line_was_looked_at(
    text: str, in_link: bool
) -> None:
    from reflect.core.export import markdown

    assert markdown.escape(text, in_link=in_link) == escape_every_line_looked_at(text, in_link)
