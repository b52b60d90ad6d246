"""Export to Markdown and CPD records, import back, and writing files safely."""

from __future__ import annotations

import os
import stat
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reflect.core.export import (
    FORK_FROM,
    ExportScope,
    count_identifiers,
    export,
    without_generated_line,
    write_atomic,
)
from reflect.core.importer import ImportRefused, import_export, import_file, parse_export
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import AnswerView, EntryRecord
from reflect.core.sample import fill_journal
from tests.helpers import TODAY

WHEN = datetime(2026, 11, 22, 9, 0)
AUTUMN = (date(2026, 9, 1), date(2026, 12, 19))


def headings(text: str) -> list[tuple[int, str]]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [
        (
            int(t.tag[1]),
            "".join(c.content for c in tokens[i + 1].children or [] if c.type == "text"),
        )
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


@pytest.fixture
def filled(journal: Journal, library: PromptLibrary) -> Journal:
    # Seed 7 puts two drafts in the autumn term, which the draft tests need.
    fill_journal(journal, library, 200, seed=7, until=TODAY)
    chosen = list(journal.iter_details(journal_filter_autumn()))[:2]
    journal.add_supervision_session(
        date(2026, 11, 10),
        supervisor_initials="JB",
        notes="Talked about partnership.\n\n# not a heading --> <b>",
        entry_uids=[e.uid for e in chosen],
        actions=[("Book a joint visit", date(2026, 12, 1)), ("Read the plan", None, True)],
    )
    return journal


def journal_filter_autumn():  # type: ignore[no-untyped-def]
    from reflect.core.records import EntryFilter

    return EntryFilter(start=AUTUMN[0], end=AUTUMN[1], status="complete")


def test_document_structure(filled: Journal) -> None:
    term = filled.get_term("Autumn 2026-27")
    result = export(filled, ExportScope(term=term), generated=WHEN)
    found = headings(result.text)
    assert found[0] == (1, "Reflective journal: Autumn 2026-27")
    top = [text for level, text in found if level == 2]
    assert top == ["Contents", "Summary", "Entries", "Supervision sessions"]
    entries = [text for level, text in found if level == 3]
    assert len(entries) == result.entries + result.sessions
    assert result.entries == filled.count_entries(journal_filter_autumn())
    assert result.sessions == 1
    assert "Generated on 22 November 2026" in result.text
    assert "- Visits: " in result.text and "- Open actions: " in result.text
    # the session's notes stay text
    assert "\\# not a heading --\\> \\<b\\>" in result.text
    assert (3, "Tuesday 10 November 2026, with JB") in found


def test_entries_in_date_order_and_drafts_only_when_asked(filled: Journal) -> None:
    from tests.helpers import new_draft

    # One draft for certain, whatever the sample generator makes.
    draft = new_draft(filled, "CF-8001", day=AUTUMN[0])
    filled.save_draft(draft.id, {"context": "Half written"})
    scope = ExportScope(start=AUTUMN[0], end=AUTUMN[1])
    text = export(filled, scope, generated=WHEN).text
    dates = [line for line in text.splitlines() if line.startswith("<!-- reflect-entry")]
    visit_dates = [line.split('"visit_date":"')[1][:10] for line in dates]
    assert visit_dates == sorted(visit_dates)
    assert '"status":"draft"' not in text
    with_drafts = export(
        filled, ExportScope(start=AUTUMN[0], end=AUTUMN[1], include_drafts=True), generated=WHEN
    )
    assert '"status":"draft"' in with_drafts.text


def test_flagged_and_case_filters(filled: Journal) -> None:
    flagged = export(
        filled, ExportScope(start=AUTUMN[0], end=AUTUMN[1], flagged_only=True), generated=WHEN
    )
    assert flagged.entries > 0
    assert flagged.text.count('"flagged":true') == flagged.entries
    some_code = next(filled.iter_details()).case_code
    by_case = export(
        filled, ExportScope(start=date(2000, 1, 1), end=TODAY, case_code=some_code), generated=WHEN
    )
    assert by_case.entries > 0
    assert by_case.text.count(f'"case_code":"{some_code}"') == by_case.entries


def test_round_trip_is_exact(filled: Journal, tmp_path: Path) -> None:
    term = filled.get_term("Autumn 2026-27")
    first = export(filled, ExportScope(term=term, include_drafts=True), generated=WHEN).text
    with Journal.open(tmp_path / "empty.db") as other:
        result = import_export(other, parse_export(first))
        assert result.entries_added == first.count("<!-- reflect-entry")
        assert result.sessions_added == 1
        again = export(
            other,
            ExportScope(term=other.get_term("Autumn 2026-27"), include_drafts=True),
            generated=datetime(2027, 1, 5),
        ).text
        assert without_generated_line(again) == without_generated_line(first)
        assert again != first  # only the generated date differs
        twice = import_export(other, parse_export(first))
        assert (twice.entries_added, twice.sessions_added) == (0, 0)
        assert twice.entries_skipped == result.entries_added


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


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=typed, question=typed.filter(lambda q: "\n" not in q), code=short, action=typed, tag=short
)
def test_any_text_round_trips_and_keeps_the_structure(
    tmp_path: Path, text: str, question: str, code: str, action: str, tag: str
) -> None:
    scope = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 31))
    folder = Path(tmp_path) / f"h{abs(hash((text, question, code, action, tag)))}"
    folder.mkdir()
    with Journal.open(folder / "a.db") as a, Journal.open(folder / "b.db") as b:
        a.add_records([record(text, question, code, action, tag)])
        first = export(a, scope, generated=WHEN).text
        # the structure is Reflect's whatever was typed
        levels = [level for level, _ in headings(first)]
        expected = [1, 2, 2, 2, 3, 4, 4] + ([4] if tag else []) + ([4] if action else []) + [4, 2]
        assert levels == expected
        assert [t for lv, t in headings(first) if lv == 2] == [
            "Contents",
            "Summary",
            "Entries",
            "Supervision sessions",
        ]
        tokens = MarkdownIt("commonmark").parse(first)
        assert sum(1 for t in tokens if t.type == "html_block") == 2  # the two comment lines only
        assert not any(t.type in ("fence", "code_block", "hr", "blockquote_open") for t in tokens)
        import_export(b, parse_export(first))
        again = export(b, scope, generated=WHEN).text
        assert again == first


def test_anonymise_replaces_case_codes_everywhere(journal: Journal) -> None:
    for i, code in enumerate(["CF-7777", "CF-1234", "CF-7777"]):
        text = f"Saw {code} again; cf-1234 too."
        journal.add_records(
            [quick_entry(f"{i:032d}", code, text, visit_date=date(2026, 10, 1 + i))]
        )
    text = export(
        journal,
        ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1), anonymise=True),
        generated=WHEN,
    ).text
    assert "CF-7777" not in text and "CF-1234" not in text and "cf-1234" not in text
    assert "Saw Family A again; Family B too." in text
    assert "Family A, Home visit" in text and "Family B, Home visit" in text


def test_cpd_format_exports_cpd_records_not_one_per_visit(filled: Journal) -> None:
    term = filled.get_term("Autumn 2026-27")
    result = export(filled, ExportScope(term=term), fmt="cpd", generated=WHEN)
    assert result.entries == 0  # entries are not CPD records; the worker writes those
    assert "No complete CPD records in this period." in result.text
    assert not [t for lv, t in headings(result.text) if lv == 2]


def test_import_refuses_what_is_not_an_export(tmp_path: Path, journal: Journal) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n\nNot an export.\n")
    with pytest.raises(ImportRefused, match="not a Reflect export"):
        import_file(journal, notes)
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\xff\xd8\xff\xe0" * 10)
    with pytest.raises(ImportRefused, match="not text"):
        import_file(journal, binary)
    newer = tmp_path / "newer.md"
    newer.write_text('# X\n\n<!-- reflect-export {"format":99} -->\n')
    with pytest.raises(ImportRefused, match="newer Reflect"):
        import_file(journal, newer)
    damaged = tmp_path / "damaged.md"
    damaged.write_text(
        '# X\n\n<!-- reflect-export {"format":1} -->\n\n'
        '### A\n\n<!-- reflect-entry {"uid": 1} -->\n'
    )
    with pytest.raises(ImportRefused, match="damaged"):
        import_file(journal, damaged)
    with pytest.raises(ImportRefused, match="no file"):
        import_file(journal, tmp_path / "missing.md")
    assert journal.count_entries() == 0


def test_write_atomic_is_private_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_atomic(path, "first\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError, match="--force"):
        write_atomic(path, "second\n")
    assert path.read_text() == "first\n"
    write_atomic(path, "second\n", force=True)
    assert path.read_text() == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary files left
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nowhere" / "x.md", "x")


def test_identifiers_are_reported_and_masked_by_anonymise(journal: Journal) -> None:
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
    # the placeholders' brackets are escaped: they are text, not link syntax
    assert "\\[name\\] at \\[street address\\], \\[postcode\\], rang from \\[phone number\\]." in (
        masked.text
    )


def _with_identifiers(journal: Journal, numbers: range) -> None:
    journal.add_records(
        [
            quick_entry(
                f"{n:032x}",
                f"CF-{n}",
                f"Rang 07700 900{n % 1000:03d} about it.",
                "Mrs Khan was out; SW1A 1AA." if n % 2 else "",
            )
            for n in numbers
        ]
    )


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """As from the command line (one thread; the test runner may have others),
    with the pid of every child export forks."""
    import threading

    import reflect.core.export as export_module

    forked: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(export_module.os, "fork", fork)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    return forked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork is used on Linux only")
def test_a_long_export_counts_identifiers_in_a_second_process_with_the_same_result(
    journal: Journal, forks: list[int]
) -> None:
    _with_identifiers(journal, range(FORK_FROM))
    scope = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1))
    result = export(journal, scope, generated=WHEN)
    assert len(forks) == 1
    half = FORK_FROM // 2
    assert result.identifiers == {"phone number": FORK_FROM, "name": half, "postcode": half}
    entries = list(journal.iter_details(scope.entry_filter()))
    assert result.identifiers == count_identifiers(entries, [])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork is used on Linux only")
def test_a_child_that_fails_to_count_is_made_up_for_here(
    journal: Journal, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflect.core.export as export_module

    _with_identifiers(journal, range(FORK_FROM))
    parent = os.getpid()
    real_count = export_module.count_identifiers

    def count_only_here(entries, sessions):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real_count(entries, sessions)

    monkeypatch.setattr(export_module, "count_identifiers", count_only_here)
    result = export(journal, ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1)))
    assert len(forks) == 1
    assert result.identifiers["phone number"] == FORK_FROM


def test_a_short_export_or_one_from_a_thread_counts_without_forking(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import reflect.core.export as export_module

    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(export_module.os, "fork", no_fork)
    scope = ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1))
    _with_identifiers(journal, range(FORK_FROM - 1))
    with monkeypatch.context() as one_thread:
        one_thread.setattr(threading, "active_count", lambda: 1)
        assert export(journal, scope).identifiers["phone number"] == FORK_FROM - 1
    # Enough entries now, but the export runs in a worker thread, as in the app.
    _with_identifiers(journal, range(FORK_FROM - 1, FORK_FROM))
    found: list[int] = []
    worker = threading.Thread(
        target=lambda: found.append(export(journal, scope).identifiers["phone number"])
    )
    worker.start()
    worker.join()
    assert found == [FORK_FROM]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork is used on Linux only")
def test_a_failed_render_still_waits_for_the_counting_child(
    journal: Journal, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflect.core.export as export_module

    _with_identifiers(journal, range(FORK_FROM))

    def broken(*_args: object) -> str:
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(export_module, "render_markdown", broken)
    with pytest.raises(RuntimeError, match="rendering failed"):
        export(journal, ExportScope(start=date(2026, 9, 1), end=date(2026, 12, 1)))
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):  # already waited for: no child left behind
        os.waitpid(forks[0], os.WNOHANG)
