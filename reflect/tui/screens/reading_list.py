"""The list an entry is read from, for the reader's next and previous.

Kept apart from the reader (read.py loads the Markdown widget) so the home
screen, shown at start-up, can hold one without loading it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist


class EntryList(Protocol):
    """The list an entry was opened from, for next and previous."""

    ids: list[int]

    def more_ids(self, then: Callable[[list[int]], object]) -> None:
        """Load more of the list off the event loop; ``then(ids added)`` (none at the end)."""
        ...

    def reading_ended(self, entry_id: int) -> None:
        """The reader closes on ``entry_id``: the list puts its cursor there."""
        ...


class FixedList:
    """A list that is all loaded already: a screen's table of entries, in its order.

    Next and previous walk ``ids``. Back from reading, the screen fills its
    table again and calls `place_cursor`, so the cursor is on the entry
    read last, as browse's is (the home screen's recent list, the trash and
    the supervision agenda put it back on the row first opened: review 26).
    """

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        self.read_last: int | None = None

    def more_ids(self, then: Callable[[list[int]], object]) -> None:
        then([])

    def reading_ended(self, entry_id: int) -> None:
        self.read_last = entry_id

    def place_cursor(self, table: DataTable[Any]) -> bool:
        """Put ``table``'s cursor on the entry read last; whether there was one to place.

        Rows are keyed by entry id. An entry gone from the table meanwhile
        (taken out of the trash, unflagged) leaves the cursor on its row,
        which the entry after it now holds. Once only: later refills keep
        their own cursor.
        """
        entry, self.read_last = self.read_last, None
        if entry is None or not table.row_count:
            return False
        try:
            row = table.get_row_index(str(entry))
        except RowDoesNotExist:
            if entry not in self.ids:
                return False
            row = min(self.ids.index(entry), table.row_count - 1)
        table.move_cursor(row=row)
        return True
