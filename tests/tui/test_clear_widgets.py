"""Ticked and unticked boxes differ in what they show, not only in colour."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reflect.tui.widgets.clear import ClearCheckbox, ClearSelectionList


class Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield ClearCheckbox("Bring to supervision", id="box")
        yield ClearCheckbox("Already ticked", value=True, id="ticked")
        yield ClearSelectionList(("Knowledge", "k", True), ("Values and Ethics", "v"), id="list")


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(
        "".join(seg.text for seg in widget.render_line(y)) for y in range(widget.size.height)
    )


async def test_checkbox_mark_follows_its_value() -> None:
    app = Boxes()
    async with app.run_test() as pilot:
        box = app.query_one(ClearCheckbox)
        assert "▐ ▌ Bring" in str(box.render())
        await pilot.click("#box")
        assert box.value is True
        assert "▐X▌ Bring" in str(box.render())
        assert "▐X▌ Already ticked" in str(app.query_one("#ticked", ClearCheckbox).render())


async def test_selection_list_marks_only_ticked_rows() -> None:
    app = Boxes()
    async with app.run_test() as pilot:
        await pilot.pause()
        rows = text_of(app.query_one(ClearSelectionList)).splitlines()
        knowledge = next(r for r in rows if "Knowledge" in r)
        values = next(r for r in rows if "Values and Ethics" in r)
        assert "▐X▌" in knowledge
        assert "▐ ▌" in values
