"""Exporting from the app by key presses."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Checkbox, Input, Markdown, Select, Static

from reflect.cli import make_app
from reflect.core.export import FORMATS
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.screens.export import ExportScreen
from reflect.tui.screens.home import HomeScreen
from reflect.tui.screens.title_block import TitleBlockScreen
from tests.tui.conftest import NOW, build, settle, type_text


async def test_export_a_term_from_the_app(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        # this term is chosen, and the preview shows its document
        assert screen.query_one("#export-term", Select).value == "Autumn 2026-27"
        # the formats offered are the registry's
        formats = screen.query_one("#export-format", Select)
        assert [value for _label, value in formats._options if value != Select.BLANK] == list(
            FORMATS
        )
        await settle(pilot)
        preview = screen.query_one("#export-preview", Markdown).source
        assert preview.startswith("# Reflective journal: Autumn 2026-27")
        path = Path(screen.query_one("#export-path", Input).value)
        assert path == tmp_path / "reflect-autumn-2026-27.md"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the screen stays, showing where the file went
        assert isinstance(app.screen, ExportScreen)
        status = str(screen.query_one("#export-status", Static).render())
        assert "The file is at:" in status and str(path) in status
        assert path.read_text().startswith("# Reflective journal: Autumn 2026-27")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        # a second export asks before replacing the file
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_export_dates_of_my_choosing_and_cpd(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#export-term", Select).value = "custom"
        screen.query_one("#export-from", Input).value = "01/10/2026"
        screen.query_one("#export-to", Input).value = "31/10/2026"
        screen.query_one("#export-format", Select).value = "cpd"
        await settle(pilot)
        assert screen.query_one("#export-preview", Markdown).source.startswith(
            "CPD records: 1 October 2026 to 31 October 2026"
        )
        screen.query_one("#export-to", Input).value = "01/09/2026"
        await settle(pilot)
        assert "before the start date" in str(screen.query_one("#export-msg").render())
        screen.query_one("#export-to", Input).value = "31/10/2026"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (tmp_path / "reflect-cpd-2026-10-01-to-2026-10-31.txt").exists()


async def test_the_title_block_is_asked_once_and_the_choices_are_remembered(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    import docx

    from tests.helpers import TODAY

    config = tmp_path / "config"
    app = make_app(
        sample_journal,
        library,
        today=TODAY,
        clock=lambda: NOW,
        export_folder=tmp_path,
        config_file=config / "config.toml",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#export-format", Select).value = "docx"
        screen.query_one("#export-anonymise", Checkbox).value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the first export asks for the title block
        assert isinstance(app.screen, TitleBlockScreen)
        await type_text(pilot, "Sam Carter")
        app.screen.query_one("#title-role", Input).value = "Student social worker"
        app.screen.query_one("#title-private-name", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        path = tmp_path / "reflect-autumn-2026-27.docx"
        lines = [p.text for p in docx.Document(str(path)).paragraphs]
        assert "Role: Student social worker" in lines[1]
        assert "Sam Carter" not in "\n".join(lines)  # private, and anonymised
        await pilot.press("escape")
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.query_one("#export-format", Select).value == "docx"
        assert screen.query_one("#export-anonymise", Checkbox).value is True
        assert screen.query_one("#export-drafts", Checkbox).value is False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # not asked for the title block again
        await pilot.press("y")
        await settle(pilot)
        assert "The file is at:" in str(screen.query_one("#export-status", Static).render())
    saved = (config / "export.toml").read_text()
    assert 'name = "Sam Carter"' in saved and 'private = ["name"]' in saved
    assert 'format = "docx"' in saved and "anonymise = true" in saved


async def test_a_journal_without_terms_is_offered_them(
    empty_journal: Journal, library: PromptLibrary
) -> None:
    app = build(empty_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#add-terms").display is True
        await pilot.click("#add-terms")
        await settle(pilot)
        assert [t.name for t in empty_journal.terms()] == [
            "Autumn 2026-27",
            "Spring 2026-27",
            "Summer 2026-27",
        ]
        assert screen.query_one("#export-term", Select).value == "Autumn 2026-27"


async def test_the_registration_year_is_offered_with_no_setup(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    app = build(sample_journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#drafts").blur()
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        select = screen.query_one("#export-term", Select)
        offered = [value for _label, value in select._options]
        assert "Registration year 2025-26" in offered  # today's (TODAY is November 2026)
        assert "Registration year 2024-25" in offered
        select.value = "Registration year 2025-26"
        await settle(pilot)
        preview = screen.query_one("#export-preview", Markdown).source
        assert preview.startswith("# Reflective journal: Registration year 2025-26")
        assert "1 December 2025 to 30 November 2026" in preview
