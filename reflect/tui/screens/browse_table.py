"""The browse list's columns and rows, fitted to the terminal's width."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from reflect.core.vocab import VisitType
from reflect.tui.screens.browse_pages import Loaded
from reflect.tui.screens.browse_text import snippet_text, themes_text


def about_width(terminal_width: int, searching: bool) -> int:
    """Cells left for the themes or the excerpt once the other columns are drawn."""
    # Other columns with their padding, the table's bar and the scrollbar:
    # date 11, case 10, bring 6 and (browsing) visit 12 and status 8, each padded.
    others = 41 if searching else 67
    return max(12, terminal_width - others)


def set_columns(table: DataTable[object], terminal_width: int, searching: bool) -> None:
    """Empty the table and lay out its columns: the list's, or the search results'."""
    # Fixed widths: when rows replace each other before the table has
    # measured them (typing fast, coming back from the reader), auto widths
    # fell back to the labels' ("18 May 202", "CF-6").
    table.clear(columns=True)
    about = about_width(terminal_width, searching)
    table.add_column("Visit date", key="date", width=11)
    table.add_column("Case", key="case", width=10)
    if searching:
        # The words around the match need the room more than the kind of
        # visit does: at 80 columns the excerpt gets about 40 characters.
        table.add_column("Where it matches", key="about", width=about)
        table.add_column("Bring?", key="flag", width=6)
        return
    table.add_column("Visit", key="visit", width=12)
    table.add_column("Themes", key="about", width=about)
    table.add_column("Bring?", key="flag", width=6)
    table.add_column("Status", key="status", width=8)


def add_rows(table: DataTable[object], loaded: Loaded, terminal_width: int) -> None:
    """A row for each entry read, its excerpt (searching) or themes cut to the column."""
    width = about_width(terminal_width, loaded.snippets is not None)
    for i, entry in enumerate(loaded.rows):
        flag = "yes" if entry.flagged else ""
        if loaded.snippets is not None:
            about: Text = snippet_text(loaded.snippets[i], width)
            about.truncate(width, overflow="ellipsis")
            table.add_row(
                f"{entry.visit_date:%d %b %Y}",
                Text(entry.case_code),
                about,
                flag,
                key=str(entry.id),
            )
            continue
        about = themes_text(entry.themes, width)
        about.truncate(width, overflow="ellipsis")
        table.add_row(
            f"{entry.visit_date:%d %b %Y}",
            Text(entry.case_code),
            VisitType(entry.visit_type).label,
            about,
            flag,
            "complete" if entry.status == "complete" else "draft",
            key=str(entry.id),
        )


def cursor_place(ids: list[int], row: int, left_at: int | None) -> tuple[int, int | None]:
    """The row to keep the cursor on, and its entry, when the list is read again.

    ``row`` is the cursor's row; ``left_at`` the entry the reader closed on,
    if it was opened from here. After "next" in the reader that entry is
    further down the list than the one opened; the cursor goes to it, so
    enter or f acts on the family just read about (review 26).
    """
    if left_at is not None:
        return (ids.index(left_at) if left_at in ids else row), left_at
    return row, (ids[row] if 0 <= row < len(ids) else None)
