"""Snapshots of the main screens at 80x24 and 120x40.

Everything that varies is fixed: the date (TODAY), the sample seed, no clock
in the header, and the theme. Update them after a deliberate change with
``pytest tests/snapshots --snapshot-update`` and look at the report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from tests.conftest import SampleCopy
from tests.helpers import TODAY
from tests.tui.conftest import build, settle

SIZES = [(80, 24), (120, 40)]


def journal_with(tmp_path: Path, entries: int, sample_copy: SampleCopy | None = None) -> Journal:
    """An empty journal, or a copy of the sample of ``entries`` (seed 7, as the Pilot tests')."""
    if not entries:
        return Journal.open(tmp_path / "snap.db")
    assert sample_copy is not None
    return Journal.open(sample_copy(tmp_path / "snap.db", entries, 7))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(
    snap_compare,
    tmp_path: Path,
    library: PromptLibrary,
    sample_copy: SampleCopy,
    size: tuple[int, int],
) -> None:  # type: ignore[no-untyped-def]
    journal = journal_with(tmp_path, 80, sample_copy)
    try:
        assert snap_compare(build(journal, library), terminal_size=size, run_before=settle)
    finally:
        journal.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_empty(
    snap_compare, tmp_path: Path, library: PromptLibrary, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    journal = journal_with(tmp_path, 0)
    try:
        assert snap_compare(build(journal, library), terminal_size=size, run_before=settle)
    finally:
        journal.close()


def test_help(snap_compare, tmp_path: Path, library: PromptLibrary) -> None:  # type: ignore[no-untyped-def]
    journal = journal_with(tmp_path, 0)

    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    try:
        assert snap_compare(build(journal, library), terminal_size=(80, 24), run_before=open_help)
    finally:
        journal.close()


def steady(pilot) -> None:  # type: ignore[no-untyped-def]
    """No blinking cursors in a snapshot."""
    from textual.widgets import Input, TextArea

    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


async def until_saved(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait (10 s at most) for the autosave to land: on a busy machine the status
    line could still say "Draft started" when the snapshot is taken."""
    for _ in range(200):
        if str(pilot.app.screen.query_one("#status").render()).startswith("Saved at"):
            return
        await pilot.pause(0.05)


async def to_details(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    for char in "CF-2040":
        await pilot.press(char)
    steady(pilot)
    await pilot.pause()


async def to_prompt(pilot) -> None:  # type: ignore[no-untyped-def]
    await to_details(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    for char in "Mum was warmer today":
        await pilot.press("space" if char == " " else char)
    await pilot.press("ctrl+t")
    # The snapshot shows the autosave landed; typing alone may take less than its delay.
    await until_saved(pilot)
    steady(pilot)
    await pilot.pause()


async def to_summary(pilot) -> None:  # type: ignore[no-untyped-def]
    await to_details(pilot)
    pilot.app.screen.query_one("#prompt-set").value = "quick"
    await pilot.press("ctrl+n")
    await settle(pilot)
    for char in "Short visit":
        await pilot.press("space" if char == " " else char)
    await pilot.press("ctrl+g")
    await pilot.pause()
    await pilot.press("end", "enter")
    await settle(pilot)
    await until_saved(pilot)
    steady(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "flow", [to_details, to_prompt, to_summary], ids=["visit_details", "prompt_step", "summary"]
)
def test_reflection_screens(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, library: PromptLibrary, size: tuple[int, int], flow
) -> None:
    journal = journal_with(tmp_path, 0)
    try:
        assert snap_compare(build(journal, library), terminal_size=size, run_before=flow)
    finally:
        journal.close()


@pytest.mark.parametrize("flow", [to_details, to_prompt], ids=["visit_details", "prompt_step"])
def test_sixteen_colours(snap_compare, tmp_path: Path, library: PromptLibrary, flow) -> None:  # type: ignore[no-untyped-def]
    """The focused field at 16 colours: a heavy bar or border and "▶" words, not a shade."""
    journal = journal_with(tmp_path, 0)

    async def sixteen(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.ansi_color = (
            True  # the terminal's own 16 colours, as TEXTUAL_COLOR_SYSTEM=standard
        )
        pilot.app.theme = "ansi-dark"
        await flow(pilot)

    try:
        assert snap_compare(build(journal, library), terminal_size=(80, 24), run_before=sixteen)
    finally:
        journal.close()


@pytest.mark.parametrize(
    "flow", [settle, to_details, to_prompt], ids=["home", "visit_details", "prompt_step"]
)
def test_light_theme(
    snap_compare, tmp_path: Path, library: PromptLibrary, sample_copy: SampleCopy, flow
) -> None:  # type: ignore[no-untyped-def]
    journal = journal_with(tmp_path, 80, sample_copy)

    async def light(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.theme = "textual-light"
        await flow(pilot)

    try:
        assert snap_compare(build(journal, library), terminal_size=(80, 24), run_before=light)
    finally:
        journal.close()


async def to_browse(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    steady(pilot)
    await pilot.pause()


async def to_search(pilot) -> None:  # type: ignore[no-untyped-def]
    await to_browse(pilot)
    await pilot.press("slash")
    for char in "grandma":
        await pilot.press(char)
    await settle(pilot)
    await pilot.press("enter")  # back to the list, so no cursor blinks in the box
    await settle(pilot)


async def to_reading(pilot) -> None:  # type: ignore[no-untyped-def]
    await to_browse(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)


async def to_supervision(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


async def to_every_filter(pilot) -> None:  # type: ignore[no-untyped-def]
    """Browse with every filter on: the heading says each of them, whole."""
    from reflect.tui.screens.browse import BrowseScreen
    from tests.tui.test_browse_heading import EVERY_FILTER

    await settle(pilot)
    pilot.app.journal.add_term("Autumn 2026", date(2026, 9, 1), date(2026, 12, 20))
    await pilot.app.push_screen(BrowseScreen(filters=EVERY_FILTER, today=TODAY))
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "flow",
    [to_browse, to_search, to_reading, to_supervision, to_every_filter],
    ids=["browse", "search", "reading", "supervision", "every_filter"],
)
def test_review_screens(  # type: ignore[no-untyped-def]
    snap_compare,
    tmp_path: Path,
    library: PromptLibrary,
    sample_copy: SampleCopy,
    size: tuple[int, int],
    flow,
) -> None:
    journal = journal_with(tmp_path, 80, sample_copy)
    try:
        assert snap_compare(build(journal, library), terminal_size=size, run_before=flow)
    finally:
        journal.close()


async def to_cpd(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.screen.query_one("#drafts").blur()
    await pilot.press("c")
    await settle(pilot)


async def to_cpd_form(pilot) -> None:  # type: ignore[no-untyped-def]
    await to_cpd(pilot)
    await pilot.press("enter")  # the newest record: the draft
    await settle(pilot)
    steady(pilot)
    await pilot.pause()


async def to_agenda(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.screen.query_one("#drafts").blur()
    await pilot.press("g")
    await settle(pilot)


async def to_agenda_save(pilot) -> None:  # type: ignore[no-untyped-def]
    # A fixed folder that exists (the sample's export folder is a fresh temporary
    # one), so the full path the agenda would be saved as is the same every run.
    folder = Path("/tmp/reflect-agenda-snapshot")
    folder.mkdir(exist_ok=True)
    for old in folder.glob("supervision-agenda-*.md"):
        old.unlink()
    pilot.app.export_folder = folder
    await to_agenda(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    steady(pilot)
    await pilot.pause()


async def to_case(pilot) -> None:  # type: ignore[no-untyped-def]
    await to_browse(pilot)
    await pilot.press("c")
    await settle(pilot)


async def to_continuity(pilot) -> None:  # type: ignore[no-untyped-def]
    from reflect.core.records import EntryFilter

    await settle(pilot)
    journal = pilot.app.journal
    seen = journal.list_entries(EntryFilter(status="complete"), limit=1).items[0]
    await pilot.press("n")
    await settle(pilot)
    for char in seen.case_code:
        await pilot.press(char)
    await pilot.press("ctrl+n")
    await settle(pilot)
    steady(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "flow",
    [to_cpd, to_cpd_form, to_agenda, to_agenda_save, to_case, to_continuity],
    ids=["cpd", "cpd_form", "agenda", "agenda_save", "case", "continuity"],
)
def test_year_screens(  # type: ignore[no-untyped-def]
    snap_compare,
    tmp_path: Path,
    library: PromptLibrary,
    sample_copy: SampleCopy,
    size: tuple[int, int],
    flow,
) -> None:
    journal = journal_with(tmp_path, 80, sample_copy)
    try:
        assert snap_compare(build(journal, library), terminal_size=size, run_before=flow)
    finally:
        journal.close()


@pytest.mark.parametrize("first_run", [True, False], ids=["first_run", "unlock"])
def test_opening_screens(  # type: ignore[no-untyped-def]
    snap_compare,
    tmp_path: Path,
    library: PromptLibrary,
    first_run: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("sqlcipher3")
    from reflect.cli import make_app

    monkeypatch.chdir(tmp_path)  # the screen names the journal: the same name every run
    path = Path("journal.db")
    if not first_run:
        Journal.open(path, passphrase="tea and toast at four").close()
    app = make_app(None, library, journal_path=path, first_run=first_run, today=TODAY)

    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        steady(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def to_summary_with_findings(pilot) -> None:  # type: ignore[no-untyped-def]
    """The check before saving, each finding shown in its sentence."""
    await to_details(pilot)
    pilot.app.screen.query_one("#prompt-set").value = "quick"
    await pilot.press("ctrl+n")
    await settle(pilot)
    for char in "Mum was at home with Lily (7). Nan rang from 07700 900812.":
        await pilot.press("space" if char == " " else char)
    await pilot.press("ctrl+g")
    await pilot.pause()
    await pilot.press("end", "enter")
    await settle(pilot)
    await until_saved(pilot)
    steady(pilot)
    await pilot.pause()


async def to_words(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    steady(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("flow", [to_summary_with_findings, to_words], ids=["findings", "words"])
def test_identifier_check_screens(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, library: PromptLibrary, size: tuple[int, int], flow
) -> None:
    journal = journal_with(tmp_path, 0)
    journal.add_word("allow", "Oakfield Team")
    journal.add_word("flag", "Kowalczyk")
    try:
        assert snap_compare(build(journal, library), terminal_size=size, run_before=flow)
    finally:
        journal.close()


async def to_cpd_check(pilot) -> None:  # type: ignore[no-untyped-def]
    """A new CPD record with a name and a phone number in it, and ctrl+s: the dialog."""
    from textual.widgets import Input, TextArea

    await settle(pilot)
    await pilot.press("c", "n")
    await settle(pilot)
    form = pilot.app.screen
    form.query_one("#cpd-title", Input).value = "Direct work course"
    form.query_one("#cpd-type", Input).value = "Course"
    form.query_one("#cpd-description", TextArea).text = "I used it with Sarah Jones at school."
    form.query_one("#cpd-learnt", TextArea).text = "To leave the number: 07700 900123."
    form.query_one("#cpd-impact", TextArea).text = "I leave it with every family."
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    steady(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_identifier_check_dialog(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, library: PromptLibrary, size: tuple[int, int]
) -> None:
    """The "Please check before saving" dialog (edit, supervision and CPD screens use it)."""
    journal = journal_with(tmp_path, 0)
    try:
        assert snap_compare(build(journal, library), terminal_size=size, run_before=to_cpd_check)
    finally:
        journal.close()


def export_app(journal: Journal, library: PromptLibrary):  # type: ignore[no-untyped-def]
    """The app with a fixed export folder, so the path on screen is the same every run."""
    from reflect.cli import make_app
    from tests.tui.conftest import NOW

    return make_app(
        journal, library, today=TODAY, clock=lambda: NOW, export_folder=Path("/home/sam/Documents")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_export(
    snap_compare,
    tmp_path: Path,
    library: PromptLibrary,
    sample_copy: SampleCopy,
    size: tuple[int, int],
) -> None:  # type: ignore[no-untyped-def]
    journal = journal_with(tmp_path, 80, sample_copy)

    async def open_export(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.screen.query_one("#drafts").blur()
        await pilot.press("e")
        await settle(pilot)
        steady(pilot)
        await pilot.pause()

    try:
        assert snap_compare(
            export_app(journal, library), terminal_size=size, run_before=open_export
        )
    finally:
        journal.close()


def test_export_title_block(snap_compare, tmp_path: Path, library: PromptLibrary) -> None:  # type: ignore[no-untyped-def]
    journal = journal_with(tmp_path, 0)

    async def open_title_block(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        steady(pilot)
        await pilot.pause()

    try:
        assert snap_compare(
            export_app(journal, library), terminal_size=(80, 24), run_before=open_title_block
        )
    finally:
        journal.close()
