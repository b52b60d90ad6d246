"""The home screen, driven by key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from reflect.cli import make_app
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.help import HelpScreen
from reflect.tui.screens.home import HomeScreen
from tests.helpers import TODAY
from tests.tui.conftest import build, settle


async def test_home_lists_recent_entries_and_drafts(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        recent = app.screen.query_one("#recent", DataTable)
        newest = sample_journal.list_entries(limit=1).items
        complete = [
            e for e in sample_journal.list_entries(limit=100).items if e.status == "complete"
        ]
        assert recent.row_count == min(30, len(complete))
        first_row = recent.get_row_at(0)
        assert str(first_row[1]) == complete[0].case_code
        drafts = app.screen.query_one("#drafts", DataTable)
        assert drafts.row_count == len(sample_journal.drafts(limit=5))
        assert drafts.display is (drafts.row_count > 0)
        summary = str(app.screen.query_one("#summary", Static).render())
        term_count = sample_journal.count_entries(EntryFilter(term="Autumn 2026-27"))
        assert f"This term (Autumn 2026-27): {term_count} reflections" in summary
        flagged = sample_journal.count_entries(EntryFilter(term="Autumn 2026-27", flagged=True))
        assert f"{flagged} of them flagged for supervision" in summary
        assert "80 in the journal in all" in summary
        assert newest  # the journal is not empty


async def test_empty_journal_says_how_to_start(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "Your journal is empty" in summary
        assert app.screen.query_one("#drafts", DataTable).display is False


async def test_help_opens_and_closes_by_key(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        # How to close is the first line, not below the fold at 80x24.
        first = app.screen.query_one("#help-close", Static)
        assert "Escape (or ?) closes" in str(first.render()) and first.region.y <= 5
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HomeScreen)


async def test_home_keys_open_each_screen_and_escape_comes_back(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    from reflect.tui.screens.actions import ActionsScreen
    from reflect.tui.screens.browse import BrowseScreen
    from reflect.tui.screens.read import ReadScreen
    from reflect.tui.screens.supervision import SupervisionScreen

    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, screen_type in (
            ("b", BrowseScreen),
            ("s", SupervisionScreen),
            ("a", ActionsScreen),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
        # Enter on a recent reflection reads it.
        recent = app.screen.query_one("#recent", DataTable)
        recent.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadScreen)
        first_key = recent.coordinate_to_cell_key((0, 0)).row_key.value
        assert app.screen.entry is not None and str(app.screen.entry.id) == first_key


async def test_footer_shows_every_home_key(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        shown = {key for key, b in app.screen.active_bindings.items() if b.binding.show}
        assert {"n", "b", "s", "a", "e", "question_mark", "q"} <= shown


async def test_quit_key(empty_journal: Journal, library: PromptLibrary) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_palette_offers_the_home_commands(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    from textual.command import CommandList, CommandPalette

    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        names = [name for name, _help, _action in app.palette_commands()]
        for wanted in (
            "New reflection",
            "Browse entries",
            "Supervision",
            "Actions",
            "Export",
            "Terms",
            "Your words",
            "Trash",
            "CPD records",
            "Supervision agenda",
            "Help",
            "Theme",
        ):
            assert wanted in names
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        # Reflect's own commands are listed as soon as the palette opens.
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        listed = palette.query_one(CommandList)
        shown = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert all(any(name in line for line in shown) for name in names), shown
        assert not any("Screenshot" in line for line in shown)
        await pilot.press(*"help")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HelpScreen)


async def test_every_screen_is_one_key_from_home(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    from reflect.tui.screens.actions import ActionsScreen
    from reflect.tui.screens.browse import BrowseScreen
    from reflect.tui.screens.export import ExportScreen
    from reflect.tui.screens.reflection import ReflectionScreen
    from reflect.tui.screens.supervision import SupervisionScreen
    from reflect.tui.screens.terms import TermsScreen
    from reflect.tui.screens.trash import TrashScreen

    app = build(empty_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, screen_type in (
            ("n", ReflectionScreen),
            ("b", BrowseScreen),
            ("s", SupervisionScreen),
            ("a", ActionsScreen),
            ("e", ExportScreen),
            ("t", TermsScreen),
            ("x", TrashScreen),
            ("question_mark", HelpScreen),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type), key
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen), key


async def test_the_chosen_theme_is_remembered(empty_journal: Journal, tmp_path: Path) -> None:
    from reflect.core.preferences import load_preferences
    from reflect.core.prompts import load_library

    library = load_library()
    config = tmp_path / "config" / "config.toml"
    for theme in ("textual-light", None):
        app = make_app(empty_journal, library, today=TODAY, config_file=config)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            if theme is None:
                # The next launch opens with the theme chosen last time.
                assert app.theme == "textual-light"
                break
            app.theme = theme
            await settle(pilot)
    assert load_preferences(config.parent / "preferences.json") == {"theme": "textual-light"}
    assert (config.parent / "preferences.json").stat().st_mode & 0o777 == 0o600


async def test_a_broken_user_prompt_set_is_reported_not_fatal(
    empty_journal: Journal, tmp_path: Path
) -> None:
    from reflect.core.prompts import load_library

    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "mine.toml").write_text('id = "mine"\nname = "Mine"\n')
    (folder / "quick.toml").write_text(
        'id = "quick"\nname = "Q"\nversion = "2"\ndescription = "d"\n'
        '[[prompts]]\nid = "a"\nquestion = "Anything?"\n'
    )
    library = load_library(folder)
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("mine.toml" in m and "needs 'description'" in m for m in messages), messages
        assert any("replaces the bundled set 'quick'" in m for m in messages), messages
        assert isinstance(app.screen, HomeScreen)


async def test_home_loads_once_at_start(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the start-up benchmark: mount and resume both loaded the lists."""
    calls: list[object] = []
    real = sample_journal.list_entries

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(sample_journal, "list_entries", counting)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
    assert len(calls) == 1


def scrolls_sideways(table: DataTable) -> bool:  # type: ignore[type-arg]
    """Whether ``table`` is wider than its room (a sideways scrollbar, its thumb a stray "▋")."""
    return table.max_scroll_x > 0 or table.show_horizontal_scrollbar


@pytest.mark.parametrize("start", [(120, 40), (100, 30)])
async def test_a_narrower_terminal_leaves_the_home_lists_no_sideways_scroll(
    sample_journal: Journal, library: PromptLibrary, start: tuple[int, int]
) -> None:
    """At 80 columns after a wider terminal, both lists kept the wider first
    words' column (DataTable.clear keeps column widths): a sideways
    scrollbar under the rows showed as a stray "▋" (found in tmux)."""
    app = build(sample_journal, library)
    async with app.run_test(size=start) as pilot:
        await settle(pilot)
        tables = [app.screen.query_one(f"#{name}", DataTable) for name in ("drafts", "recent")]
        assert all(t.row_count for t in tables)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert [scrolls_sideways(t) for t in tables] == [False, False]
        words = [str(t.get_row_at(0)[3]) for t in tables]
        assert all(len(w) <= 80 - 52 for w in words), words


async def test_a_long_case_code_takes_its_room_from_the_first_words(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    """A case code can be 40 characters: the first words shrink to make room."""
    newest = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    sample_journal.update_entry(newest.id, case_code="CF-2041 Lowfield Family Centre")
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#recent", DataTable)
        assert str(recent.get_row_at(0)[1]) == "CF-2041 Lowfield Family Centre"
        assert not scrolls_sideways(recent)


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 4), ((100, 30), 8), ((120, 40), 15)])
async def test_the_recent_list_has_room_with_drafts_on_a_short_terminal(
    sample_journal: Journal, library: PromptLibrary, size: tuple[int, int], rows: int
) -> None:
    """At 80x24 with drafts the recent list showed one row at a time (two
    without the stray scrollbar): under 30 lines the CPD line is folded into
    the summary and the padding under the list goes, so it shows four."""
    app = build(sample_journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#drafts", DataTable).row_count
        recent = screen.query_one("#recent", DataTable)
        assert recent.scrollable_content_region.height - recent.header_height >= rows
        summary = str(screen.query_one("#summary", Static).render())
        cpd = screen.query_one("#cpd-line", Static)
        short = size[1] < 30
        # Every word of the CPD line is still on the screen, in one place or the other.
        shown = " ".join((summary + " " + str(cpd.render()) * cpd.display).split())
        assert "CPD 2025-26: " in shown and " to 30 November" in shown
        assert ("CPD 2025-26" in summary) is short and cpd.display is not short
