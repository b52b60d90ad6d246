"""The browse screen's search box: enter or down go straight to the results."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input


class SearchBox(Input):
    """The search box: enter or down go to the results at once, so a second enter opens one."""

    # Down, which the box has no use for (it is one line), goes to the
    # results; the footer shows it, so the way out of the box is on screen.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "To the results", key_display="↓"),
    ]

    async def action_submit(self) -> None:
        """Go to the results before any key typed after enter is handled (review 25)."""
        await super().action_submit()
        self.action_to_results()

    def action_to_results(self) -> None:
        """From the search box, go down to the results: at once, so keys typed with it follow."""
        self.screen.set_focus(self.screen.query_one("#entries", DataTable))
