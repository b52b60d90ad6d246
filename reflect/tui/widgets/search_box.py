"""The browse screen's search box: enter or down go straight to the results."""

from __future__ import annotations

from textual.widgets import DataTable, Input


class SearchBox(Input):
    """The search box: enter or down go to the results at once, so a second enter opens one.

    Down is the screen's key ("↓ To the results", after "esc Back" in the
    footer, as every list screen starts with the way back): bound here, the
    box's own key came first in the footer, before the screen's (review 26).
    """

    _typed = False  # True while Textual's box takes in a new value (`_watch_value`)

    # Textual's box sets its scrollable width to the text's on every key, and
    # a new scrollable width lays the whole screen out again while the search
    # runs (a frame that then shares the two cores with the search). While the
    # text fits, the width is the box's own: nothing to scroll either way, and
    # nothing to lay out again.

    def _watch_value(self, value: str) -> None:
        self._typed = True
        try:
            super()._watch_value(value)
        finally:
            self._typed = False

    @property
    def content_width(self) -> int:
        """The text's width; as the box takes in a new value, the box's own while the text fits."""
        width = super().content_width
        if not self._typed:
            return width
        room = self.scrollable_content_region.width
        return room if 0 < width <= room else width

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A one-line box has nothing to scroll down to: the key goes on to
        # the screen, which takes it to the results.
        if action == "scroll_down":
            return False
        return super().check_action(action, parameters)

    async def action_submit(self) -> None:
        """Go to the results before any key typed after enter is handled (review 25)."""
        await super().action_submit()
        self.action_to_results()

    def action_to_results(self) -> None:
        """From the search box, go down to the results: at once, so keys typed with it follow."""
        self.screen.set_focus(self.screen.query_one("#entries", DataTable))
