"""Each footer names the keys that work where the cursor is, and each does what it says.

Found by a fresh-eyes review in tmux (review 26): browse's "x Clear" also
emptied the search box; the search box's footer had no key to the results
and offered "/ Search", which typed a slash there; and the title-block
dialog showed the export screen's keys, which do nothing while it is open.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.export import ExportScreen
from reflect.tui.screens.title_block import TitleBlockScreen
from reflect.tui.widgets.footer import KeysFooter
from tests.tui.conftest import build, keys, settle
from tests.tui.test_browse import search_in_browse, shown_ids


def footer_keys(app) -> dict[str, tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """What the current screen's footer shows: key as shown -> (what it does, usable now)."""
    footer = app.screen.query_one(KeysFooter)
    return {item.display: (item.description, item.enabled) for item in footer.items()}


async def test_x_takes_the_filters_off_and_keeps_the_words_searched_for(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_in_browse(pilot, "school")
        everything = [h.entry.id for h in sample_journal.search("school", limit=200)]
        await keys(pilot, "enter")  # to the results
        # Nothing to take off yet: x does nothing, and is shown dimmed.
        await keys(pilot, "x")
        assert screen.query_one("#search", Input).value == "school"
        assert footer_keys(app)["x"] == ("Filters off", False)
        await keys(pilot, "ctrl+f")  # only the entries flagged for supervision
        app.screen.query_one("#f-flagged").focus()
        await keys(pilot, "space", "ctrl+s")
        assert screen.filters == EntryFilter(flagged=True)
        flagged = set(shown_ids(app))
        assert flagged and flagged < set(everything)
        assert footer_keys(app)["x"] == ("Filters off", True)
        await keys(pilot, "x")
        # The filters are off; the words stay, and every match is back.
        assert screen.filters.is_empty()
        assert screen.query_one("#search", Input).value == "school"
        assert shown_ids(app) == everything[: len(shown_ids(app))]
        assert len(shown_ids(app)) > len(flagged)
        assert footer_keys(app)["x"] == ("Filters off", False)


async def test_the_search_box_footer_shows_the_key_to_the_results_and_no_slash(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await search_in_browse(pilot, "visit")
        search = screen.query_one("#search", Input)
        assert search.has_focus
        shown = footer_keys(app)
        assert shown["↓"] == ("To the results", True)
        # "/" types a slash here: it is not offered as a key.
        assert "/" not in shown
        assert "↓ To the results" in str(screen.query_one(KeysFooter).render())
        await keys(pilot, "down")  # the key it names does it
        table = screen.query_one("#entries", DataTable)
        assert table.has_focus
        shown = footer_keys(app)
        assert "↓" not in shown and shown["/"] == ("Search", True)


async def test_the_search_box_footer_starts_with_the_way_back(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """ "esc Back" comes first, as on every other list screen, then the key to the results.

    The box's own key came first ("↓ To the results", then "esc Back"),
    so the way back moved along the line as the cursor went in and out of
    the box (review 26).
    """
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await search_in_browse(pilot, "visit")
        search = screen.query_one("#search", Input)
        assert search.has_focus
        items = screen.query_one(KeysFooter).items()
        assert [(i.display, i.description) for i in items[:2]] == [
            ("esc", "Back"),
            ("↓", "To the results"),
        ]
        assert str(screen.query_one(KeysFooter).render()).startswith("esc Back ↓ To the results")
        # The key still does what it did: out of the box, to the results.
        await keys(pilot, "escape")
        assert screen.query_one("#entries", DataTable).has_focus
        assert search.value == "visit"
        assert footer_keys(app)["esc"] == ("Back", True)
        assert screen.query_one(KeysFooter).items()[0].display == "esc"


async def test_the_title_block_dialog_footer_shows_only_its_own_keys(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await keys(pilot, "e")
        assert isinstance(app.screen, ExportScreen)
        await keys(pilot, "ctrl+b")
        dialog = app.screen
        assert isinstance(dialog, TitleBlockScreen)
        # The dialog's own footer, over the whole of the export screen's.
        footer = dialog.query_one(KeysFooter)
        beneath = app.screen_stack[-2].query_one(KeysFooter)
        assert footer.region.bottom == beneath.region.bottom == 24
        assert footer.region.height >= beneath.region.height
        descriptions = [description for description, _ in footer_keys(app).values()]
        assert "Save" in descriptions and "Skip" in descriptions
        for export_key in ("Export", "About you", "Terms", "Close"):
            assert export_key not in descriptions
        await keys(pilot, "escape")  # "esc Skip" does what it says
        assert isinstance(app.screen, ExportScreen)
