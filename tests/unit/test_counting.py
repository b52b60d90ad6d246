"""Counts in words, and what the export screen says a document holds."""

from __future__ import annotations

from reflect.core.counting import counted, what_was_exported
from reflect.core.export import ExportScope, TitleBlock
from reflect.core.journal import Journal
from reflect.tui.screens.export_choice import Choice, preview
from tests.helpers import new_draft


def test_one_takes_the_singular_and_every_other_number_the_plural() -> None:
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(0, "entry", "entries") == "0 entries"
    assert counted(2, "entry", "entries") == "2 entries"
    assert counted(12_500, "entry", "entries") == "12,500 entries"


def test_a_cpd_export_counts_cpd_records_not_entries() -> None:
    assert what_was_exported("cpd", 1) == "1 complete CPD record"
    assert what_was_exported("cpd", 3) == "3 complete CPD records"
    assert what_was_exported("markdown", 1, 1) == "1 entry, 1 supervision session"
    assert what_was_exported("html", 2) == "2 entries"


def test_the_export_screens_summary_says_one_entry_and_counts_cpd_records(
    journal: Journal,
) -> None:
    new_draft(journal)
    scope = ExportScope(include_drafts=True)
    _head, summary = preview(journal, Choice(scope, "markdown"), TitleBlock())
    assert summary.startswith("1 entry.")
    _head, summary = preview(journal, Choice(scope, "cpd"), TitleBlock())
    assert summary.startswith("0 complete CPD records.")
