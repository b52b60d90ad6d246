"""The status line under the writing box: saves, failures and notices, in words.

While someone writes, a notice that pops up would cover the text, so the
screen sends its notices here instead.
"""

from __future__ import annotations

from textual.notifications import SeverityLevel
from textual.widgets import Static


class StatusLine(Static):
    """One line that says what happened last; a failure stays until it clears."""

    def show(self, message: str, *, failed: bool = False) -> None:
        """Say ``message``; ``failed`` marks it (bold, and kept over notices)."""
        self.update(message)
        self.set_class(failed, "failed")

    def tell(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information"
    ) -> None:
        """A notice, unless "Not saved yet: ..." is showing: that stays until a save works."""
        if self.has_class("failed"):
            return
        # "Not saved yet: Not saved yet: ..." says nothing twice.
        said = not title or message.casefold().startswith(title.casefold())
        self.show(message if said else f"{title}: {message}", failed=severity != "information")
