"""The export screen at 80 columns: its anonymise box fits, and "Exported" is said in sight.

At 80 columns the focused checkbox's label was cut to "Replace case codes
with Family A, B, ." and the "Exported" notice covered the status text
beside it; a preview landing after the export could also put "Ready to
export" back over "Exported" (review 22, item 6).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Static

from reflect.cli import make_app
from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.tui.app import ReflectApp
from reflect.tui.screens.export import ExportScreen
from reflect.tui.screens.title_block import TitleBlockScreen
from tests.helpers import TODAY
from tests.tui.conftest import NOW, settle


def export_app(journal: Journal, library: PromptLibrary, folder: Path, config: Path) -> ReflectApp:
    """The app on a fixed day and clock, exporting to ``folder``."""
    return make_app(
        journal, library, today=TODAY, clock=lambda: NOW, export_folder=folder, config_file=config
    )


async def open_export(pilot) -> ExportScreen:  # type: ignore[no-untyped-def]
    """From the home screen, the export screen (e)."""
    await settle(pilot)
    pilot.app.screen.query_one("#drafts").blur()
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def test_at_80_columns_the_label_fits_and_exported_is_said_in_sight(
    sample_journal: Journal, library: PromptLibrary, tmp_path: Path
) -> None:
    app = export_app(sample_journal, library, tmp_path, tmp_path / "config" / "config.toml")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_export(pilot)
        anonymise = screen.query_one("#export-anonymise", Checkbox)
        anonymise.focus()
        await settle(pilot)
        assert str(anonymise.label).endswith("Family A, B, ...")
        # Focused, its frame and label fit inside the form (nothing cut at the right).
        form = screen.query_one("#export-form", VerticalScroll)
        assert anonymise.region.right <= form.scrollable_content_region.right
        # The first export asks for the title block; skipping it previews again,
        # and that preview must not say "Ready to export" over the outcome.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TitleBlockScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.screen is screen
        status = screen.query_one("#export-status", Static)
        said = str(status.render())
        assert said.startswith("Exported ") and said.endswith("ctrl+s exports again.")
        assert (tmp_path / "reflect-autumn-2026-27.md").exists()
        assert not screen.query("Toast")  # nothing over the status line
        assert form.scroll_y == form.max_scroll_y  # the status, the form's last line, in view
        assert status.region.bottom <= form.region.bottom
        # A preview that lands after the export (as the title block's can) leaves it said.
        choice = screen._choice()
        assert choice is not None
        screen._preview(choice)
        await settle(pilot)
        assert str(status.render()).startswith("Exported ")
        # A choice changed: the status reads what the next export would hold.
        screen.query_one("#export-drafts", Checkbox).value = True
        await settle(pilot)
        assert str(status.render()).startswith("Ready to export: ")


@pytest.mark.parametrize("length", [85, 88])
async def test_a_path_that_wraps_once_the_scrollbar_shows_is_still_in_sight(
    sample_journal: Journal,
    library: PromptLibrary,
    tmp_path: Path,
    length: int,
    request: pytest.FixtureRequest,
) -> None:
    """The scrollbar that "Exported ..." brings narrows the form, and a path of
    about twice the form's width then wraps onto one more line: the form grew
    twice, and followed only the first (the test above failed with pytest's
    folder numbered 9 or 54, and passed with others). Paths of 85 to 88
    characters, broken at hyphens, did it on the code before."""
    name = "reflect-autumn-2026-27.md"
    short = Path(tempfile.mkdtemp(prefix="r"))  # pytest's own folders are longer than that
    request.addfinalizer(lambda: shutil.rmtree(short, ignore_errors=True))
    pad = length - len(str(short)) - len("//") - len(name)
    assert pad > 0
    folder = short / ("ab-cd-ef-" * 20)[:pad]  # breaks as pytest's "pytest-of-root" did
    folder.mkdir()
    assert len(str(folder / name)) == length
    app = export_app(sample_journal, library, folder, tmp_path / "config" / "config.toml")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_export(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # no title block: the export goes ahead
        await settle(pilot)
        await pilot.pause(0.2)
        assert (folder / name).exists()
        form = screen.query_one("#export-form", VerticalScroll)
        status = screen.query_one("#export-status", Static)
        assert str(status.render()).endswith("ctrl+s exports again.")
        assert form.scroll_y == form.max_scroll_y
        assert status.region.bottom <= form.region.bottom  # its last line in sight
