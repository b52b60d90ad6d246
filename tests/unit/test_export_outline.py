"""Export's outline pass reads only entries' heads (`iter_heads`), and nothing else differs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reflect.core.export import ExportScope, export
from reflect.core.journal import Journal
from reflect.core.reading import EntryHead, EntryReads, Reader
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
