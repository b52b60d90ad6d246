"""Markdown writes each entry straight from it; the text is the same as from its blocks.

`entry_markdown` is the fast path; `chunk_markdown(entry_blocks(...))`, the
way HTML and Word still go, is the reference: for any entry (free text with
Markdown's own characters, blank answers, drafts, tags, actions) and for
whole sample documents, the two give the same text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.core.export import ExportScope
from reflect.core.export.content import chunks, entry_blocks
from reflect.core.export.markdown import chunk_markdown, entry_markdown, write_markdown
from reflect.core.export.scope import Document
from reflect.core.reading import Reader
from reflect.core.records import ActionView, AnswerView, EntryDetail

# Text that Markdown could read as structure, with line breaks and blank lines.
_markdownish = st.text(
    alphabet=st.sampled_from(list("ab Z19.)-*_#[]()!`<>&|~\\\n\r\t+=:é")), max_size=40
)
_text = st.one_of(st.text(max_size=30), _markdownish)
WHEN = datetime(2026, 11, 20, 9, 30)


@st.composite
def entries(draw: st.DrawFn) -> EntryDetail:
    answers = draw(
        st.lists(
            st.builds(
                AnswerView,
                prompt_id=st.just("p"),
                question=_text,
                text=_text,
                theme=st.sampled_from(["", " ", "Power", "Power ", "Risk"]) | _text,
            ),
            max_size=5,
        )
    )
    actions = draw(
        st.lists(
            st.builds(
                ActionView,
                id=st.integers(1, 9),
                text=_text,
                due=st.none() | st.dates(date(2025, 1, 1), date(2027, 1, 1)),
                done=st.booleans(),
            ),
            max_size=3,
        )
    )
    tags = st.lists(_text.filter(str.strip), max_size=3).map(tuple)
    return EntryDetail(
        id=1,
        uid="u",
        visit_date=date(2026, 3, 4),
        case_code="CF-1",
        visit_type="home",
        visit_minutes=draw(st.none() | st.integers(0, 300)),
        prompt_set_id="s",
        prompt_set_version="1",
        status=draw(st.sampled_from(["complete", "draft"])),
        current_step=0,
        flagged=draw(st.booleans()),
        supervisor_question=draw(_text),
        created_at=WHEN,
        updated_at=WHEN,
        completed_at=None,
        deleted_at=None,
        answers=tuple(answers),
        themes=draw(tags),
        pcf_domains=draw(tags),
        free_tags=draw(tags),
        actions=tuple(actions),
    )


@settings(max_examples=400, deadline=None)
@given(entries(), _text)
def test_an_entry_is_the_same_text_as_its_blocks(entry: EntryDetail, title: str) -> None:
    assert entry_markdown(entry, title, "a") == chunk_markdown(entry_blocks(entry, title, "a"))


def test_a_whole_document_is_the_same_as_from_blocks(
    sample_copy: Callable[[Path, int, int], Path], journal_path: Path
) -> None:
    sample_copy(journal_path, 150, 9)
    reader = Reader.open(journal_path)
    assert reader is not None
    with reader:
        for scope in (ExportScope(), ExportScope(anonymise=True, include_drafts=True)):
            fast = io.StringIO()
            write_markdown(Document(reader, scope, generated=WHEN), fast)
            # The straightforward writer: every chunk, entries too, as blocks.
            blocks = "".join(
                chunk_markdown(chunk) for chunk in chunks(Document(reader, scope, generated=WHEN))
            )
            assert fast.getvalue() == blocks.rstrip("\n") + "\n"
            assert fast.getvalue().count("\n### ") >= 100
