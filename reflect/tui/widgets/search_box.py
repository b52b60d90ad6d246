"""The browse screen's search box: enter or down go straight to the results."""

from __future__ import annotations

from textual.widgets import DataTable, Input


class SearchBox(Input):
    """The search box: enter or down go to the results at once, so a second enter opens one.

    Down is the screen's key ("↓ To the results", after "esc Back" in the
    footer, as every list screen starts with the way back): bound here, the
    box's own key came first in the footer, before the screen's (review 26).
    """

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
