"""Export's outline pass reads only entries' heads (`iter_heads`), or, for a document of at most
`scope.HOLD_LIMIT` entries, reads them whole once and holds them; nothing else differs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reflect.core.export import ExportScope, export
from reflect.core.export import scope as export_scope
from reflect.core.journal import Journal
from reflect.core.reading import EntryHead, EntryReads, Reader, head_of
from reflect.core.records import EntryFilter


def test_entries_without_answers_are_the_same_entries_with_none(
    sample_copy: Callable[[Path, int, int], Path], journal_path: Path
) -> None:
    with Journal.open(sample_copy(journal_path, 120, 5)) as journal:
        whole = list(journal.iter_details(EntryFilter(), batch_size=50))
        light = list(journal.iter_details(EntryFilter(), batch_size=50, answers=False))
    assert len(whole) == 120 and any(entry.answers for entry in whole)
    assert all(entry.answers == () for entry in light)
    assert light == [dataclasses.replace(entry, answers=()) for entry in whole]
    assert any(entry.actions for entry in light) and any(entry.themes for entry in light)


def heads_from_details(self: EntryReads, filters: EntryFilter | None = None, **_: Any) -> Any:
    """The straightforward way to the heads: whole entries, cut down."""
    for entry in self.iter_details(filters):
        yield EntryHead(
            entry.uid,
            entry.visit_date,
            entry.case_code,
            entry.visit_type,
            entry.status,
            entry.themes,
            entry.pcf_domains,
            tuple((a.text, a.due) for a in entry.actions if not a.done),
        )


def test_heads_are_whole_entries_cut_down(
    sample_copy: Callable[[Path, int, int], Path], journal_path: Path
) -> None:
    with Journal.open(sample_copy(journal_path, 120, 5)) as journal:
        for scope in (EntryFilter(), EntryFilter(status="complete"), EntryFilter(flagged=True)):
            heads = list(journal.iter_heads(scope, batch_size=50))
            assert heads == list(heads_from_details(journal, scope))
            assert heads, scope
        everything = list(journal.iter_heads(EntryFilter(), batch_size=7))
    assert len(everything) == 120
    assert any(head.open_actions for head in everything)
    assert any(len(head.themes) > 1 for head in everything)
    assert any(head.pcf_domains for head in everything)


def test_the_document_is_the_same_as_with_every_answer_read(
    sample_copy: Callable[[Path, int, int], Path],
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sample_copy(journal_path, 120, 5)
    # The two-pass path (heads, then entries), as for a document longer than a term.
    monkeypatch.setattr(export_scope, "HOLD_LIMIT", 0)
    when = datetime(2026, 11, 20, 9, 30)
    reader = Reader.open(journal_path)
    assert reader is not None
    full = EntryReads.iter_details

    def always_answers(self: EntryReads, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("answers", None)
        return full(self, *args, **kwargs)

    with reader:
        for scope in (ExportScope(), ExportScope(anonymise=True, include_drafts=True)):
            light = export(reader, scope, generated=when).text
            with monkeypatch.context() as patched:
                patched.setattr(EntryReads, "iter_details", always_answers)
                patched.setattr(EntryReads, "iter_heads", heads_from_details)
                assert export(reader, scope, generated=when).text == light
            assert "Open actions: " in light and "Open actions: 0" not in light


def test_an_entry_read_whole_gives_the_head_iter_heads_reads(
    sample_copy: Callable[[Path, int, int], Path], journal_path: Path
) -> None:
    with Journal.open(sample_copy(journal_path, 120, 5)) as journal:
        for scope in (EntryFilter(), EntryFilter(status="complete"), EntryFilter(flagged=True)):
            heads = list(journal.iter_heads(scope, batch_size=50))
            assert heads == [head_of(entry) for entry in journal.iter_details(scope)]
            assert journal.count_details(scope) == len(heads) > 0


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times export starts reading whole entries, and entries' heads."""
    calls = {"iter_details": 0, "iter_heads": 0}
    for name in calls:
        original = getattr(EntryReads, name)

        def counted(
            self: EntryReads, *args: Any, _name: str = name, _f: Any = original, **kw: Any
        ) -> Any:
            calls[_name] += 1
            return _f(self, *args, **kw)

        monkeypatch.setattr(EntryReads, name, counted)
    return calls


def test_a_short_document_reads_its_entries_once_and_a_long_one_twice_the_same(
    sample_copy: Callable[[Path, int, int], Path],
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sample_copy(journal_path, 120, 5)
    when = datetime(2026, 11, 20, 9, 30)
    reader = Reader.open(journal_path)
    assert reader is not None
    scopes = (ExportScope(), ExportScope(anonymise=True, include_drafts=True))
    with reader:
        for scope in scopes:
            for fmt in ("markdown", "html", "archive"):
                with monkeypatch.context() as patched:
                    calls = counting_reads(patched)
                    held = export(reader, scope, fmt=fmt, generated=when).text
                # A term's worth of entries: read once, for the outline and the entries.
                assert calls == {"iter_details": 1, "iter_heads": 0}, (scope, fmt)
                with monkeypatch.context() as patched:
                    patched.setattr(export_scope, "HOLD_LIMIT", 50)
                    calls = counting_reads(patched)
                    streamed = export(reader, scope, fmt=fmt, generated=when).text
                # More than HOLD_LIMIT: heads first, then the entries a batch at a time.
                assert calls == {"iter_details": 1, "iter_heads": 1}, (scope, fmt)
                assert streamed == held, (scope, fmt)
                assert ("Family A" in held) == scope.anonymise, (scope, fmt)
