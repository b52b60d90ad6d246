"""Home's recent reflections and drafts: the first words shown with identifiers masked."""

from __future__ import annotations

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from tests.helpers import new_draft
from tests.tui.conftest import build, settle

WRITTEN = "Visited Mum and Tyler (6) at home. Mum's number is 07700 900123. Saw Brennagh."


def cells(app, table_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(table_id)
    return [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]


async def test_home_masks_phone_numbers_and_flagged_names_in_the_first_words(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    empty_journal.add_word("flag", "Brennagh")
    complete = new_draft(empty_journal, case_code="CF-3001")
    empty_journal.save_entry(complete.id, {"context": WRITTEN}, base_revision=0)
    empty_journal.complete(complete.id)
    draft = new_draft(empty_journal, case_code="CF-3002")
    empty_journal.save_entry(draft.id, {"context": WRITTEN}, base_revision=0)
    app = build(empty_journal, library)
    async with app.run_test(size=(160, 30)) as pilot:  # wide: the number is in the preview
        await settle(pilot)
        for table_id in ("#recent", "#drafts"):
            (shown,) = cells(app, table_id)
            assert "07700" not in shown and "900123" not in shown
            assert "[phone number]" in shown
            assert "Brennagh" not in shown and "Tyler" not in shown
            assert shown.startswith("Visited Mum and [name] (6) at home.")
    # The entry itself keeps what was written.
    assert empty_journal.get_entry(complete.id).answers[0].text == WRITTEN
