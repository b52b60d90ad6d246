"""Small wording on screen: the case timeline's lines as written, the demo title whole."""

from __future__ import annotations

from reflect.cli import make_app
from reflect.core.continuity import timeline_lines
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import PromptRef
from reflect.tui.screens.case import CaseTimelineScreen
from tests.helpers import TODAY
from tests.tui.conftest import build, settle

NEXT = "Ring school by friday\nCheck housing referral next week"


def entry_with_next_steps(journal: Journal) -> None:
    entry = journal.create_draft(
        visit_date=TODAY,
        case_code="CF-4100",
        visit_type="home",
        prompt_set_id="test",
        prompt_set_version="1",
        prompts=(PromptRef("next-step", "What will you do next?", "Next steps"),),
    )
    journal.save_entry(entry.id, {"next-step": NEXT}, base_revision=0)


async def test_the_case_timeline_keeps_each_next_step_on_its_own_line(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    entry_with_next_steps(empty_journal)
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(CaseTimelineScreen("CF-4100"))
        await settle(pilot)
        shown = [str(p._content) for p in app.screen.query("MarkdownParagraph")]
        (next_steps,) = [text for text in shown if text.startswith("Next:")]
        assert next_steps == "Next: Ring school by friday\nCheck housing referral next week"
    # The command line's timeline too: one line each, the second under the first.
    lines = timeline_lines("CF-4100", empty_journal.case_timeline("CF-4100"))
    assert "  Next: Ring school by friday" in lines
    assert "        Check housing referral next week" in lines


async def test_the_demo_title_is_whole_at_80_columns(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = make_app(empty_journal, library, today=TODAY, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The home screen's top line (TitleLine, in Textual's Header's place).
        header_title = app.screen.query_one("TitleLine")
        title = str(header_title.render())
        assert "deleted when you quit" in title
        # Whole: the words fit the room the header gives them, so none is cut.
        assert len(title) <= header_title.content_region.width
