"""Browsing, reading, editing, the trash and the actions list, driven by key presses
and checked against the journal."""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import DataTable, Input, TextArea

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter, PromptRef
from reflect.core.sample import fill_journal
from reflect.tui.screens import browse as browse_module
from reflect.tui.screens import browse_pages
from reflect.tui.screens.actions import ActionsScreen
from reflect.tui.screens.browse import BrowseScreen
from reflect.tui.screens.browse_pages import SEARCH_PAGE, Loaded
from reflect.tui.screens.edit import EditScreen
from reflect.tui.screens.filters import FilterScreen
from reflect.tui.screens.history import HistoryScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.read import ReadScreen
from reflect.tui.screens.trash import TrashScreen
from tests.helpers import TODAY
from tests.tui.conftest import build, keys, settle, type_text
from tests.unit.test_stopping import ENDLESS


def shown_ids(app) -> list[int]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#entries", DataTable)
    return [
        int(table.coordinate_to_cell_key((row, 0)).row_key.value) for row in range(table.row_count)
    ]


async def open_browse(pilot) -> BrowseScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


async def search_in_browse(pilot, words: str) -> BrowseScreen:  # type: ignore[no-untyped-def]
    """Open browse, type ``words`` in the search box and wait for the results."""
    screen = await open_browse(pilot)
    await pilot.press("slash")
    await type_text(pilot, words)
    await settle(pilot)
    return screen


async def test_browse_lists_newest_first_and_loads_more_as_the_cursor_moves(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse_pages, "PAGE", 20)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        first = shown_ids(app)
        # Two pages: the first ended too near the foot of the view (review 26).
        assert first == [e.id for e in sample_journal.list_entries(limit=40).items]
        for _ in range(35):
            await pilot.press("down")
        await settle(pilot)
        assert len(shown_ids(app)) == 60
        for _ in range(4):
            await pilot.press("ctrl+end")  # to the last row loaded, which loads more
            await settle(pilot)
        everything = [e.id for e in sample_journal.list_entries(limit=1000).items]
        assert shown_ids(app) == everything  # each once, in order
        assert "All 80 entries shown. Enter to read." in str(
            app.screen.query_one("#count").render()
        )


async def test_filters_combine_and_clear(sample_journal: Journal, library: PromptLibrary) -> None:
    flagged = sample_journal.list_entries(EntryFilter(flagged=True), limit=1).items[0]
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#f-case", Input).focus()
        await type_text(pilot, flagged.case_code.lower())
        await pilot.press("ctrl+s")
        await settle(pilot)
        by_case = EntryFilter(case_code=flagged.case_code)
        assert shown_ids(app) == [e.id for e in sample_journal.list_entries(by_case).items]
        # Add "flagged" on top: both apply.
        await pilot.press("ctrl+f")
        await settle(pilot)
        app.screen.query_one("#f-flagged").focus()
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        both = EntryFilter(case_code=flagged.case_code, flagged=True)
        expected = [e.id for e in sample_journal.list_entries(both).items]
        assert flagged.id in expected
        assert shown_ids(app) == expected
        assert "flagged for supervision" in str(app.screen.query_one("#filters").render())
        await pilot.press("x")
        await settle(pilot)
        assert len(shown_ids(app)) == 80


async def test_a_bad_filter_date_is_explained_not_applied(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        app.screen.query_one("#f-start", Input).focus()
        await type_text(pilot, "31/02/2026")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        assert "not a real date" in str(app.screen.query_one("#f-msg").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.filters == EntryFilter()


async def test_search_as_you_type_ranks_and_highlights(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_in_browse(pilot, "grandma judged")
        hits = sample_journal.search("grandma judged", limit=screen.search_page())
        assert hits
        assert shown_ids(app) == [h.entry.id for h in hits]
        table = screen.query_one("#entries", DataTable)
        snippet = table.get_row_at(0)[2]
        marked = [span for span in snippet.spans if "underline" in str(span.style)]
        assert marked, "the matching words are marked"
        # ...and still read as the text does, with the spaces around them.
        # (cut to the column's width, with an ellipsis)
        whole = " ".join("".join(p.text for p in hits[0].snippet).split())
        assert whole.startswith(snippet.plain.rstrip("…")) and len(snippet.plain) > 20
        for span in marked:
            before, after = snippet.plain[span.start - 1 : span.start], snippet.plain[span.end :]
            assert before in ("", " ", "…") and after[:1] in ("", " ", "…", ",", ".", "'")
        assert "Where it matches" in [str(c.label) for c in table.columns.values()]


async def test_search_box_down_and_enter_true_count_more_as_you_scroll_and_marks(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    word = "the"  # in nearly every entry: more than a page of results
    total = sample_journal.count_matches(word)
    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("slash")
        await type_text(pilot, word)
        await settle(pilot)
        table = screen.query_one("#entries", DataTable)
        # a page is the rows in view, never fewer than SEARCH_PAGE
        page = screen.search_page()
        assert page == max(SEARCH_PAGE, table.size.height) and total > page
        assert table.size.height <= page < total
        count = str(screen.query_one("#count").render())
        assert f"{total} entries match; the best {page} shown, more as you scroll" in count
        assert "best match first" in str(screen.query_one("#filters").render())
        assert table.row_count == page
        # at 80 columns the excerpt has the room (about 40 characters)
        assert table.get_row_at(0)[2].cell_len >= 38
        # down goes from the search box to the results
        await pilot.press("down")
        assert table.has_focus
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.row_count == min(total, 2 * page)
        ranked = [h.entry.id for h in sample_journal.search(word, limit=2 * page)]
        assert shown_ids(app) == ranked
        # enter in the search box goes to the results too; enter there opens
        await pilot.press("slash")
        await pilot.press("enter")
        assert table.has_focus
        await pilot.press("home", "enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReadScreen)
        source = reader.query_one("#read-md").source  # type: ignore[attr-defined]
        assert "***the***" in source.lower() or "***The***" in source


async def test_the_screen_and_the_command_line_rank_alike_and_more_load_on_scroll(
    tmp_path: Path, library: PromptLibrary
) -> None:
    from click.testing import CliRunner

    from reflect.cli import cli

    path = tmp_path / "many.db"
    with Journal.open(path) as journal:
        fill_journal(journal, library, 300, seed=8, until=TODAY)
    result = CliRunner().invoke(
        cli, ["--db", str(path), "search", "visit", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    from_cli = [hit["id"] for hit in json.loads(result.output)]
    assert len(from_cli) == 20
    with Journal.open(path) as journal:
        app = build(journal, library)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_browse(pilot)
            await pilot.press("slash")
            await type_text(pilot, "visit")
            await settle(pilot)
            first = shown_ids(app)
            page = screen.search_page()
            assert len(first) == page and page >= 20
            assert first[:20] == from_cli
            assert "more as you scroll" in str(screen.query_one("#count").render())
            await pilot.press("enter")  # to the list
            await pilot.press("ctrl+end")  # to the last row loaded, which loads more
            await settle(pilot)
            more = shown_ids(app)
            assert more[:page] == first and len(more) > page
            hits = journal.search("visit", limit=len(more))
            assert more == [h.entry.id for h in hits]


async def test_results_of_an_older_keystroke_are_dropped(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        before = shown_ids(app)
        stale = sample_journal.list_entries(EntryFilter(flagged=True)).items
        screen._show(Loaded(screen._generation - 1, stale, None, False, len(stale), False))
        await pilot.pause()
        assert shown_ids(app) == before


async def test_the_next_key_stops_a_search_still_running(
    sample_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The search for "vi" runs a statement only an interrupt ends sooner than
    # tens of seconds; typing "s" must stop it, and show the rows for "vis".
    started, finished = threading.Event(), threading.Event()
    real_search = sample_journal.search

    def search(query: str, **kwargs: Any) -> Any:
        if query == "vi":
            with sample_journal._read(kwargs["stop"]) as db:
                db.driver.create_function("mark", 1, lambda x: started.set() or x)
                db.value(ENDLESS)
                finished.set()
        return real_search(query, **kwargs)

    monkeypatch.setattr(sample_journal, "search", search)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("slash")
        await type_text(pilot, "vi")
        for _ in range(1000):
            if started.is_set():
                break
            await asyncio.sleep(0.01)
        assert started.is_set()
        searching_vi = screen._stop
        await type_text(pilot, "s")
        await settle(pilot)
        assert searching_vi.reached and not finished.is_set()
        wanted = [hit.entry.id for hit in real_search("vis", limit=screen.search_page())]
        assert wanted and shown_ids(app) == wanted
        assert not [n.message for n in app._notifications]  # nothing said of the stopped one
        await pilot.press("escape", "escape", "escape")  # to the list, the whole list, home
        await settle(pilot)
        assert not isinstance(app.screen, BrowseScreen)
        assert screen._stop.asked  # leaving stops the search of the screen


async def test_escape_from_results_goes_back_to_the_list_then_home(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        everything = shown_ids(app)
        await pilot.press("slash")
        await type_text(pilot, "visit")
        await settle(pilot)
        assert "escape to go back to the list" in str(screen.query_one("#filters").render())
        await keys(pilot, "escape")  # out of the box, onto the results
        assert shown_ids(app) != everything
        await keys(pilot, "escape")  # as the heading says: back to the list
        assert isinstance(app.screen, BrowseScreen)
        assert screen.query_one("#search", Input).value == ""
        assert shown_ids(app) == everything
        await keys(pilot, "escape")
        assert not isinstance(app.screen, BrowseScreen)


async def test_end_goes_to_the_last_row_and_enter_opens_it(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    # Textual's table scrolled End sideways: the cursor stayed on the first
    # row, and End then Enter opened the top entry (review 21).
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        await pilot.press("slash")
        await type_text(pilot, "visit")
        await keys(pilot, "enter")  # to the results
        table = screen.query_one("#entries", DataTable)
        await keys(pilot, "end")
        # The last row that was loaded (reaching it loads the next page).
        assert table.cursor_row == screen.search_page() - 1
        chosen = shown_ids(app)[table.cursor_row]
        assert table.scroll_x == 0
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReadScreen)
        assert app.screen.entry is not None and app.screen.entry.id == chosen
        await keys(pilot, "escape")
        await keys(pilot, "home")
        assert table.cursor_row == 0


async def test_read_next_previous_and_back(sample_journal: Journal, library: PromptLibrary) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        ids = shown_ids(app)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadScreen)
        assert screen.entry is not None and screen.entry.id == ids[0]
        await pilot.press("n")
        await settle(pilot)
        assert screen.entry.id == ids[1]
        await pilot.press("n", "p")
        await settle(pilot)
        assert screen.entry.id == ids[1]
        markdown = screen.query_one("#read-md").source  # type: ignore[attr-defined]
        assert sample_journal.get_entry(ids[1]).answers[0].question.split()[0] in markdown
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_edit_keeps_the_earlier_version_and_restore_brings_it_back(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    target = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    original = sample_journal.get_entry(target.id)
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        await keys(pilot, "enter", "e")
        assert isinstance(app.screen, EditScreen)
        area = app.screen.query_one("#answer-1", TextArea)
        assert area.has_focus
        assert area.cursor_location == area.document.end  # typing carries on at the end
        await type_text(pilot, " Added later.")
        await pilot.press("escape")  # saves and goes back to reading
        await settle(pilot)
        assert isinstance(app.screen, ReadScreen)
        edited = sample_journal.get_entry(target.id)
        assert edited.answers[0].text.endswith("Added later.")
        assert edited.answers[1:] == original.answers[1:]
        history = sample_journal.revisions(target.id)
        assert len(history) == 1  # one version per sitting, however many saves
        assert history[0].answers[0].text == original.answers[0].text

        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        compare = str(app.screen.query_one("#compare").render())
        assert "Added later." in compare and "Then:" in compare
        await keys(pilot, "r", "y")
        restored = sample_journal.get_entry(target.id)
        assert restored.answers[0].text == original.answers[0].text
        # The edited version is kept too: nothing is lost by restoring.
        texts = [r.answers[0].text for r in sample_journal.revisions(target.id)]
        assert any(t.endswith("Added later.") for t in texts)


async def test_delete_asks_then_the_trash_restores_and_empties(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        first, second = shown_ids(app)[:2]
        await keys(pilot, "enter", "d")
        await pilot.press("n")  # no: kept
        await settle(pilot)
        assert sample_journal.get_entry(first).deleted_at is None
        await keys(pilot, "d", "y")
        assert sample_journal.get_entry(first).deleted_at is not None
        assert isinstance(app.screen, BrowseScreen)
        assert first not in shown_ids(app)
        # Delete the next one too, then take the first back out.
        await keys(pilot, "enter", "d", "y", "t")
        assert isinstance(app.screen, TrashScreen)
        assert app.screen.query_one("#trash-table", DataTable).row_count == 2
        rows = [e.id for e in app.screen.rows]
        for _ in range(rows.index(first)):
            await pilot.press("down")
        await pilot.press("r")
        await settle(pilot)
        assert sample_journal.get_entry(first).deleted_at is None
        await keys(pilot, "x", "y")
        assert sample_journal.count_entries(EntryFilter(in_trash=True)) == 0
        assert sample_journal.count_entries() == 79
        assert second not in [e.id for e in sample_journal.list_entries(limit=100).items]


async def test_actions_list_oldest_due_first_and_marks_done(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    expected = sample_journal.open_actions(limit=500).items
    assert expected
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one("#actions-table", DataTable)
        assert table.row_count == len(expected)
        dues = [a.due for a in expected if a.due]
        assert dues == sorted(dues)
        await pilot.press("space")
        await settle(pilot)
        assert sample_journal.open_actions(limit=500).items == expected[1:]
        assert table.row_count == len(expected) - 1
        await pilot.press("u")
        await settle(pilot)
        assert sample_journal.open_actions(limit=500).items == expected


async def test_enter_on_an_action_reads_its_entry_and_never_marks_it_done(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    from datetime import date

    from reflect.tui.widgets.footer import KeysFooter

    # An action agreed in supervision, due first so it is highlighted first.
    sample_journal.add_supervision_session(
        date(2026, 11, 10),
        supervisor_initials="JB",
        actions=[("Book a joint visit", date(2020, 1, 1))],
    )
    expected = sample_journal.open_actions(limit=500).items
    assert expected[0].entry_id is None and expected[1].entry_id is not None
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "a")
        assert isinstance(app.screen, ActionsScreen)
        read = [i for i in app.screen.query_one(KeysFooter).items() if i.key == "enter"]
        assert read and read[0].description == "Read its entry" and not read[0].enabled
        await keys(pilot, "enter")  # from supervision: says where to look, stays here
        assert isinstance(app.screen, ActionsScreen)
        await keys(pilot, "down")
        read = [i for i in app.screen.query_one(KeysFooter).items() if i.key == "enter"]
        assert read[0].enabled
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReadScreen)
        assert app.screen.entry is not None and app.screen.entry.id == expected[1].entry_id
        await keys(pilot, "escape")
        assert isinstance(app.screen, ActionsScreen)
    assert sample_journal.open_actions(limit=500).items == expected


async def test_with_no_actions_neither_read_nor_done_is_offered(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    from reflect.tui.widgets.footer import KeysFooter

    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await keys(pilot, "a")
        assert isinstance(app.screen, ActionsScreen)
        shown = {i.description for i in app.screen.query_one(KeysFooter).items()}
        assert "Read its entry" not in shown and "Mark done" not in shown
        assert "Back" in shown


async def test_every_key_fits_the_footer_at_80_columns(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    from reflect.tui.widgets.footer import KeysFooter

    app = build(sample_journal, library)
    async with app.run_test(size=(80, 24)) as pilot:

        def check(where: str) -> None:
            footer = app.screen.query_one(KeysFooter)
            described = [item.description for item in footer.items()]
            assert described, where
            used = footer.needed_width()
            if where.startswith("home"):
                # Home reaches every screen in one key: its keys take two lines.
                shown = str(footer.render())
                assert shown.count("\n") <= 1, shown
                assert all(d in shown for d in described), shown
            else:
                assert used <= 80, f"{where}: {used} columns for {described}"

        await settle(pilot)
        check("home")
        for press, where in (
            ("b", "browse"),
            ("enter", "reading"),
            ("h", "history"),
            ("escape", "reading again"),
            ("escape", "browse again"),
            ("t", "trash"),
            ("escape", "browse once more"),
            ("escape", "home again"),
            ("s", "supervision"),
            ("a", "actions"),
        ):
            await pilot.press(press)
            await settle(pilot)
            check(where)


async def test_a_bad_detail_while_editing_neither_steals_the_cursor_nor_loses_words(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    target = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        await keys(pilot, "enter", "e")
        screen = app.screen
        assert isinstance(screen, EditScreen)
        screen.query_one("#case-code", Input).value = ""  # cleared, to be retyped
        area = screen.query_one("#answer-1", TextArea)
        area.focus()
        await type_text(pilot, " More.")
        await pilot.pause(1.5)  # the autosave runs
        await settle(pilot)
        assert area.has_focus  # the cursor stayed where the worker was typing
        assert sample_journal.get_entry(target.id).answers[0].text.endswith("More.")
        assert sample_journal.get_entry(target.id).case_code == target.case_code
        await pilot.press("escape")  # leaving asks for the case code first
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#case-code", Input).has_focus
        await type_text(pilot, "CF-7070")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReadScreen)
    assert sample_journal.get_entry(target.id).case_code == "CF-7070"


async def test_quitting_while_editing_saves_first(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    target = sample_journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        await keys(pilot, "enter", "e")
        await type_text(pilot, " Last words.")
        await pilot.press("ctrl+q")  # before the autosave's second is up
        await pilot.pause()
    assert sample_journal.get_entry(target.id).answers[0].text.endswith("Last words.")
    assert len(sample_journal.revisions(target.id)) == 1


def test_a_snippet_whose_match_falls_past_the_column_starts_nearer_it() -> None:
    from reflect.core.records import SnippetPart
    from reflect.tui.screens.browse_text import snippet_text

    parts = (
        SnippetPart("Joint visit with the family support worker; we talked about the "),
        SnippetPart("partner", match=True),
        SnippetPart(" and the plan."),
    )
    shown = snippet_text(parts, 40)
    assert shown.plain.startswith("…") and "partner and the plan." in shown.plain
    assert shown.plain.index("partner") + len("partner") <= 39
    assert shown.plain[1:2] != " " and " " + shown.plain[1:] in " " + "".join(
        p.text for p in parts
    )  # whole words from the start
    marked = [shown.plain[s.start : s.end] for s in shown.spans if "underline" in str(s.style)]
    assert marked == ["partner"]
    # A match already in view leaves the snippet as it is.
    near = (SnippetPart("We talked about the "), SnippetPart("partner", match=True))
    assert snippet_text(near, 40).plain == "We talked about the partner"


@given(
    before=st.text(alphabet="abc xyz.", max_size=120),
    match=st.text(alphabet="abcdefgh", min_size=1, max_size=20),
    after=st.text(alphabet="abc xyz.", max_size=60),
    width=st.integers(min_value=12, max_value=100),
)
def test_the_first_match_is_in_view_whenever_it_can_be(
    before: str, match: str, after: str, width: int
) -> None:
    from reflect.core.records import SnippetPart
    from reflect.tui.screens.browse_text import snippet_text

    parts = (SnippetPart(before), SnippetPart(match, match=True), SnippetPart(after))
    whole = snippet_text(parts)
    shown = snippet_text(parts, width)
    # Only ever the start is left out, after an ellipsis.
    cut = shown.plain != whole.plain
    assert whole.plain.endswith(shown.plain[1:] if cut else shown.plain)
    assert not cut or shown.plain.startswith("…")
    spans = [s for s in shown.spans if "underline" in str(s.style)]
    assert [shown.plain[s.start : s.end] for s in spans] == [match]
    if len(match) <= width - 2 - width // 3:
        assert spans[0].end <= width - 1


async def test_f_flags_for_supervision_in_browse_and_the_reader_and_undoes(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_browse(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        first = sample_journal.get_entry(shown_ids(app)[0])
        table = screen.query_one("#entries", DataTable)
        was = first.flagged
        await pilot.press("f")
        await settle(pilot)
        assert sample_journal.get_entry(first.id).flagged is (not was)
        assert table.get_cell(str(first.id), "flag") == ("" if was else "yes")
        messages = [n.message for n in app._notifications]
        assert any("f again" in m for m in messages), messages
        await pilot.press("f")  # undo
        await settle(pilot)
        assert sample_journal.get_entry(first.id).flagged is was
        assert table.get_cell(str(first.id), "flag") == ("yes" if was else "")
        # In the reader too, and the state is written on the screen in words.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadScreen)
        await pilot.press("f")
        await settle(pilot)
        assert sample_journal.get_entry(first.id).flagged is (not was)
        position = str(app.screen.query_one("#read-position").render())
        assert ("f flags it" if was else "Flagged for supervision (f unflags)") in position
        await pilot.press("f")
        await settle(pilot)
        assert sample_journal.get_entry(first.id).flagged is was


async def test_from_a_search_next_goes_past_the_results_loaded_and_says_the_end(
    empty_journal: Journal, library: PromptLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BrowseScreen, "search_page", lambda self: 3)  # 7 results: three pages
    monkeypatch.setattr(browse_module, "NEAR_END", 0)  # the list loads no more by itself
    # ...not even to fill the view (three rows end part way down it).
    monkeypatch.setattr(BrowseScreen, "_read_more_if_room", lambda self, ahead=None: None)
    for day in range(7):
        entry = empty_journal.create_draft(
            visit_date=TODAY - timedelta(days=day),
            case_code=f"CF-{300 + day}",
            visit_type="home",
            prompt_set_id="test",
            prompt_set_version="1",
            prompts=[PromptRef("context", "What happened?", "The visit")],
        )
        empty_journal.save_draft(entry.id, {"context": "Talked about kinship care. " * (day + 1)})
    ranked = [hit.entry.id for hit in empty_journal.search("kinship", limit=10)]
    assert len(ranked) == 7
    app = build(empty_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        await keys(pilot, "slash")
        await type_text(pilot, "kinship")
        await settle(pilot)
        assert shown_ids(app) == ranked[:3]  # one page loaded
        await keys(pilot, "down", "enter")
        reader = app.screen
        assert isinstance(reader, ReadScreen) and reader.entry is not None
        seen = [reader.entry.id]
        for _ in range(6):
            await keys(pilot, "n")
            await settle(pilot)
            seen.append(reader.entry.id)
        assert seen == ranked  # on past the page shown, in the same order
        position = str(reader.query_one("#read-position").render())
        assert position.startswith("Entry 7 of 7 in this list, the last")
        await keys(pilot, "n")  # past the very end: it says so, and stays
        await settle(pilot)
        assert reader.entry.id == ranked[-1]
        position = str(reader.query_one("#read-position").render())
        assert position.startswith("That was the last entry in this list.")
        await keys(pilot, "p")
        await settle(pilot)
        assert reader.entry.id == ranked[-2]
        await keys(pilot, "escape")
        assert app.screen is screen


async def test_the_columns_fit_the_terminal_again_when_it_changes_size(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    # Found in tmux: from 100 to 80 columns, "Bring?" stayed off the right
    # edge until the next search.
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_in_browse(pilot, "visit")
        table = screen.query_one("#entries", DataTable)
        before = shown_ids(app)
        await keys(pilot, "enter", "down", "down", "down", "down")
        chosen = before[4]
        for width, height in ((80, 24), (120, 40)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            widths = [column.get_render_width(table) for column in table.columns.values()]
            # Every column in view, the last one ending by the scrollbar.
            assert width - 6 <= sum(widths) + 4 <= width, (width, widths)
            assert [str(c.label) for c in table.columns.values()][-1] == "Bring?"
            assert shown_ids(app)[: len(before)] == before[: len(shown_ids(app))]
            # The cursor stays on the entry chosen (review 25: it went back to
            # the first row, so enter opened another family's entry).
            assert shown_ids(app)[table.cursor_row] == chosen
        # ...and a resize while reading it, too.
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReadScreen) and app.screen.entry is not None
        assert app.screen.entry.id == chosen
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        await keys(pilot, "escape")
        assert app.screen is screen
        assert shown_ids(app)[table.cursor_row] == chosen


async def test_a_first_letter_shows_the_list_not_nothing_matches(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        everything = shown_ids(app)
        await pilot.press("slash")
        await type_text(pilot, "m")
        await settle(pilot)
        assert "Nothing matches" not in str(screen.query_one("#count").render())
        assert shown_ids(app) == everything
        await type_text(pilot, "oney w")
        await settle(pilot)
        page = screen.search_page()
        assert shown_ids(app) == [h.entry.id for h in sample_journal.search("money", limit=page)]


async def test_keys_typed_together_after_the_search_box_reach_the_results(
    sample_journal: Journal, library: PromptLibrary
) -> None:
    # Review 25: "down down down down" typed together left the cursor on the
    # second row, and "enter enter" or "down enter" opened nothing: the keys
    # after the first still went to the search box, or ran before it.
    from tests.tui.test_keys_before_leaving import send_keys

    app = build(sample_journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_browse(pilot)
        table = screen.query_one("#entries", DataTable)
        await pilot.press("slash")
        await type_text(pilot, "visit")
        await settle(pilot)
        send_keys(app, "down", "down", "down", "down")
        await settle(pilot)
        assert table.has_focus and table.cursor_row == 3
        for burst in (("enter", "enter"), ("down", "enter")):
            await keys(pilot, "slash")
            send_keys(app, *burst)
            await settle(pilot)
            assert isinstance(app.screen, ReadScreen), burst
            assert app.screen.entry is not None
            assert app.screen.entry.id == screen.ids[table.cursor_row]
            await keys(pilot, "escape")
            assert app.screen is screen
