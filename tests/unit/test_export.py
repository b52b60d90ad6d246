"""The Markdown document: for a person to read, safe whatever was typed, one scope for all."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reflect.core.export import (
    FORMATS,
    ExportScope,
    TitleBlock,
    export,
    export_to_file,
    file_name,
    write_atomic,
)
from reflect.core.export.content import slug
from reflect.core.journal import Journal
from reflect.core.records import AnswerView, EntryFilter, EntryRecord
from tests.conftest import SampleCopy
from tests.helpers import TODAY

WHEN = datetime(2026, 11, 22, 9, 0)
AUTUMN = (date(2026, 9, 1), date(2026, 12, 19))
SECTIONS = ["Contents", "Summary", "Entries", "Supervision sessions"]


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").parse(text)


def inline_text(token: Token) -> str:
    return "".join(
        c.content if c.type == "text" else "\n" if c.type.endswith("break") else ""
        for c in token.children or []
    )


def headings(text: str) -> list[tuple[int, str]]:
    tokens = parse(text)
    return [
        (int(t.tag[1]), inline_text(tokens[i + 1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def links(text: str) -> list[tuple[str, str]]:
    """(href, link text) of every link in the document."""
    found = []
    for token in parse(text):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                # Hrefs are percent-encoded; browsers decode them to find the id.
                found.append((unquote(str(child.attrGet("href"))), children[i + 1].content))
    return found


def autumn() -> EntryFilter:
    return EntryFilter(start=AUTUMN[0], end=AUTUMN[1], status="complete")


@pytest.fixture
def filled(journal_path: Path, sample_copy: SampleCopy) -> Iterator[Journal]:
    # Seed 7 puts two drafts in the autumn term, which the draft tests need.
    with Journal.open(sample_copy(journal_path, 200, 7)) as journal:
        add_a_session(journal)
        yield journal


def add_a_session(journal: Journal) -> None:
    chosen = list(journal.iter_details(autumn()))[:2]
    journal.add_supervision_session(
        date(2026, 11, 10),
        supervisor_initials="JB",
        notes="Talked about partnership.\n\n# not a heading --> <b>",
        entry_uids=[e.uid for e in chosen],
        actions=[("Book a joint visit", date(2026, 12, 1)), ("Read the plan", None, True)],
    )


def test_the_document_reads_as_one_written_for_a_person(filled: Journal) -> None:
    term = filled.get_term("Autumn 2026-27")
    title = TitleBlock(name="Sam Carter", role="Student social worker", educator="R. Okafor")
    result = export(filled, ExportScope(term=term), title=title, generated=WHEN)
    text = result.text
    found = headings(text)
    assert found[0] == (1, "Reflective journal: Autumn 2026-27")
    assert [t for level, t in found if level == 2] == SECTIONS
    assert result.entries == filled.count_entries(autumn()) and result.sessions == 1
    entries = [t for level, t in found if level == 3]
    assert len(entries) == result.entries + result.sessions
    # the title block, each line optional, and the period
    assert "Name: Sam Carter\\\nRole: Student social worker\\\n" in text
    assert "Practice educator or supervisor: R. Okafor" in text
    assert "Team or placement" not in text
    assert "Period: 1 September 2026 to 19 December 2026" in text
    # no machine data, no internal labels
    for machine in ("<!--", "reflect-entry", '"uid"', "Status:", "Prompt set:", "(version "):
        assert machine not in text
    assert not any(t.type.startswith("html") for t in parse(text))
    # the session's notes stay text
    assert "\\# not a heading --> \\<b>" in text
    assert (3, "Tuesday 10 November 2026, with JB") in found


def test_contents_link_to_every_entry_by_the_anchors_viewers_make(filled: Journal) -> None:
    text = export(filled, ExportScope(start=AUTUMN[0], end=AUTUMN[1]), generated=WHEN).text
    found = headings(text)
    # GitHub-style anchors: lower case, punctuation dropped, spaces to "-", repeats numbered
    seen: dict[str, int] = {}
    anchors = set()
    for _level, title in found:
        base = slug(title)
        anchors.add(base if base not in seen else f"{base}-{seen[base]}")
        seen[base] = seen.get(base, 0) + 1
    contents = links(text)
    entry_titles = [t for level, t in found if level == 3][: filled.count_entries(autumn())]
    assert [title for _href, title in contents][: len(entry_titles)] == entry_titles
    assert all(href.startswith("#") and href[1:] in anchors for href, _ in contents)
    assert slug("Thursday 1 October 2026, CF-2041, Home visit") == (
        "thursday-1-october-2026-cf-2041-home-visit"
    )


def test_consecutive_answers_under_one_theme_share_one_heading(journal: Journal) -> None:
    moment = datetime(2026, 10, 1, tzinfo=UTC)
    journal.add_records(
        [
            EntryRecord(
                uid="t" * 32,
                visit_date=date(2026, 10, 1),
                case_code="CF-1",
                visit_type="home",
                prompt_set_id="relational",
                prompt_set_version="1",
                status="complete",
                created_at=moment,
                updated_at=moment,
                answers=(
                    AnswerView("a", "First?", "One.", "Trust through negotiation", 0),
                    AnswerView("b", "Second?", "Two.", "Trust through negotiation", 1),
                    AnswerView("c", "Third?", "", "Partnership and its limits", 2),
                ),
            )
        ]
    )
    text = export(journal, ExportScope(start=AUTUMN[0], end=AUTUMN[1]), generated=WHEN).text
    parts = [t for level, t in headings(text) if level == 4]
    assert parts == ["Trust through negotiation", "Partnership and its limits"]
    assert "**First?**\n\nOne.\n\n**Second?**\n\nTwo." in text
    assert "**Third?**\n\n*Not answered.*" in text


def test_masked_identifiers_read_and_render_as_notes(journal: Journal) -> None:
    text = "Mrs Khan at 14 Acacia Avenue, SW1A 1AA, rang from 07700 900123."
    journal.add_records([quick_entry("i" * 32, "CF-5", text)])
    scope = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1))
    plain = export(journal, scope, generated=WHEN)
    assert plain.identifiers == {"name": 1, "street address": 1, "postcode": 1, "phone number": 1}
    assert plain.identifiers_summary() == "1 name, 1 street address, 1 postcode and 1 phone number"
    assert "SW1A 1AA" in plain.text
    masked = export(
        journal, ExportScope(start=scope.start, end=scope.end, anonymise=True), generated=WHEN
    )
    for value in ("Mrs Khan", "Acacia", "SW1A", "07700", "CF-5"):
        assert value not in masked.text
    sentence = "[name] at [street address], [postcode], rang from [phone number]."
    assert sentence in masked.text  # no backslashes in the file
    rendered = MarkdownIt("commonmark").render(masked.text)
    assert sentence in rendered and "<a " not in rendered.split("<h2>Entries</h2>")[-1]


def test_entries_in_date_order_and_drafts_only_when_asked(filled: Journal) -> None:
    from tests.helpers import new_draft

    # One draft for certain, whatever the sample generator makes.
    draft = new_draft(filled, "CF-8001", day=AUTUMN[0])
    filled.save_draft(draft.id, {"context": "Half written"})
    scope = ExportScope(start=AUTUMN[0], end=AUTUMN[1])
    text = export(filled, scope, generated=WHEN).text
    assert "(draft)" not in text
    with_drafts = export(
        filled, ExportScope(start=AUTUMN[0], end=AUTUMN[1], include_drafts=True), generated=WHEN
    )
    drafts = filled.count_entries(EntryFilter(start=AUTUMN[0], end=AUTUMN[1], status="draft"))
    assert drafts > 0
    assert with_drafts.text.count("This is a draft.") == drafts
    titles = [t for level, t in headings(text) if level == 3][: filled.count_entries(autumn())]
    days = [datetime.strptime(" ".join(t.split(",")[0].split()[1:]), "%d %B %Y") for t in titles]
    assert days == sorted(days)


def test_flagged_and_case_filters(filled: Journal) -> None:
    flagged = export(
        filled, ExportScope(start=AUTUMN[0], end=AUTUMN[1], flagged_only=True), generated=WHEN
    )
    assert flagged.entries > 0
    assert flagged.text.count("Flagged for supervision.") == flagged.entries
    some_code = next(filled.iter_details()).case_code
    by_case = export(
        filled, ExportScope(start=date(2000, 1, 1), end=TODAY, case_code=some_code), generated=WHEN
    )
    assert by_case.entries > 0
    titles = [t for level, t in headings(by_case.text) if level == 3]
    assert all(f", {some_code}, " in t for t in titles[: by_case.entries])


def record(text: str, question: str, case_code: str, action: str, tag: str) -> EntryRecord:
    moment = datetime(2026, 10, 1, 12, tzinfo=UTC)
    return EntryRecord(
        uid="u" * 32,
        visit_date=date(2026, 10, 1),
        case_code=case_code,
        visit_type="home",
        prompt_set_id="relational",
        prompt_set_version="1",
        status="complete",
        created_at=moment,
        updated_at=moment,
        completed_at=moment,
        answers=(
            AnswerView("context", question, text, "The visit", 0),
            AnswerView("feelings", "How?", "", "Use of self and emotion", 1),
        ),
        flagged=True,
        supervisor_question=text,
        free_tags=(tag,) if tag else (),
        actions=((action, date(2026, 10, 9), False),) if action else (),
    )


def quick_entry(
    uid: str, case_code: str, *texts: str, visit_date: date = date(2026, 10, 1)
) -> EntryRecord:
    """A complete entry of the quick set: one answer per text."""
    moment = datetime(2026, 10, 1, tzinfo=UTC)
    return EntryRecord(
        uid=uid,
        visit_date=visit_date,
        case_code=case_code,
        visit_type="home",
        prompt_set_id="quick",
        prompt_set_version="1",
        status="complete",
        created_at=moment,
        updated_at=moment,
        answers=tuple(AnswerView(f"q{i}", "What?", t, "", i) for i, t in enumerate(texts)),
    )


typed = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=120
)
short = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() and "," not in s)


def words(text: str) -> str:
    return " ".join(text.split())


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=typed, question=typed.filter(lambda q: "\n" not in q), code=short, action=typed, tag=short
)
def test_typed_text_never_changes_the_structure_and_reads_as_typed(
    tmp_path: Path, text: str, question: str, code: str, action: str, tag: str
) -> None:
    scope = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 31))
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    with Journal.open(folder / "a.db") as journal:
        journal.add_records([record(text, question, code, action, tag)])
        document = export(journal, scope, generated=WHEN).text
    levels = [level for level, _ in headings(document)]
    has_question = bool(text.strip())
    expected = [1, 2, 2, 2, 3, 4, 4, 4] + ([4] if action else []) + ([4] if has_question else [])
    assert levels == [*expected, 2]
    assert [t for lv, t in headings(document) if lv == 2] == SECTIONS
    tokens = parse(document)
    assert not any(
        t.type in ("fence", "code_block", "hr", "blockquote_open", "html_block") for t in tokens
    )
    kinds = {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "image", "code_inline"}
    # the only links are Reflect's own: contents and the section list
    assert [href for href, _ in links(document)] == [
        f"#{slug(headings(document)[4][1])}",
        "#summary",
        "#supervision-sessions",
    ]
    # every typed word comes back from the rendered text, nothing lost or added
    paragraphs = [words(inline_text(t)) for t in tokens if t.type == "inline"]
    if text.strip():
        assert words(text) in paragraphs
    if question.strip():
        assert words(question) in paragraphs


def test_anonymise_replaces_case_codes_everywhere(journal: Journal) -> None:
    for i, code in enumerate(["CF-7777", "CF-1234", "CF-7777"]):
        text = f"Saw {code} again; cf-1234 too."
        journal.add_records(
            [quick_entry(f"{i:032d}", code, text, visit_date=date(2026, 10, 1 + i))]
        )
    title = TitleBlock(name="Sam Carter", team="Riverside team", private=frozenset({"name"}))
    text = export(
        journal,
        ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1), anonymise=True),
        title=title,
        generated=WHEN,
    ).text
    assert "CF-7777" not in text and "CF-1234" not in text and "cf-1234" not in text
    assert "Saw Family A again; Family B too." in text
    assert "Family A, Home visit" in text and "Family B, Home visit" in text
    assert "Sam Carter" not in text and "Team or placement: Riverside team" in text


def test_one_registry_names_the_formats_and_their_files(filled: Journal) -> None:
    import click

    from reflect.cli.export import export_command

    (option,) = [p for p in export_command.params if p.name == "fmt"]
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(FORMATS)
    term = filled.get_term("Autumn 2026-27")
    names = {fmt: file_name(ExportScope(term=term), fmt) for fmt in FORMATS}
    assert names == {
        "markdown": "reflect-autumn-2026-27.md",
        "html": "reflect-autumn-2026-27.html",
        "docx": "reflect-autumn-2026-27.docx",
        "cpd": "reflect-cpd-autumn-2026-27.txt",
        "archive": "reflect-archive-autumn-2026-27.jsonl",
    }
    assert file_name(ExportScope(), "archive") == "reflect-archive-whole-journal.jsonl"
    with pytest.raises(ValueError, match="Unknown format 'pdf'"):
        file_name(ExportScope(term=term), "pdf")


def test_cpd_format_exports_cpd_records_not_one_per_visit(filled: Journal) -> None:
    term = filled.get_term("Autumn 2026-27")
    result = export(filled, ExportScope(term=term), fmt="cpd", generated=WHEN)
    assert result.entries == 0  # entries are not CPD records; the worker writes those
    assert "No complete CPD records in this period." in result.text
    assert not [t for lv, t in headings(result.text) if lv == 2]


def test_a_file_is_written_as_it_renders_and_only_whole(filled: Journal, tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    scope = ExportScope(start=AUTUMN[0], end=AUTUMN[1])
    result = export_to_file(filled, scope, path, generated=WHEN)
    assert result.text == "" and result.entries > 0
    assert path.read_text(encoding="utf-8") == export(filled, scope, generated=WHEN).text

    def broken(*_args: object) -> None:
        raise RuntimeError("rendering failed")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reflect.core.export.markdown.chunk_markdown", broken)
        with pytest.raises(RuntimeError):
            export_to_file(filled, scope, tmp_path / "half.md", generated=WHEN)
    assert not [p.name for p in tmp_path.iterdir() if "half" in p.name]


def test_write_atomic_is_private_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_atomic(path, "first\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError, match="--force"):
        write_atomic(path, "second\n")
    assert path.read_text() == "first\n"
    write_atomic(path, lambda out: out.write(b"second\n"), force=True)
    assert path.read_text() == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary files left
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nowhere" / "x.md", "x")


def test_a_file_made_while_the_document_is_written_is_never_replaced(tmp_path: Path) -> None:
    """The name is taken at the end with a link, not looked at first then renamed over."""
    path = tmp_path / "agenda.md"

    def meanwhile(out: BinaryIO) -> None:
        out.write(b"the document\n")
        path.write_text("notes typed into the file meanwhile\n")  # another program

    with pytest.raises(FileExistsError, match="--force"):
        write_atomic(path, meanwhile)
    assert path.read_text() == "notes typed into the file meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.md"]  # no temporary left


def test_where_links_are_not_allowed_a_new_file_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some USB sticks' file systems refuse hard links: the look and rename is used."""

    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "out.md"
    write_atomic(path, "first\n")
    assert path.read_text() == "first\n"
    with pytest.raises(FileExistsError):
        write_atomic(path, "second\n")
    assert path.read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]
