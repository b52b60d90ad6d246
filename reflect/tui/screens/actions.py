"""Open actions across every entry and supervision session, oldest due first."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from reflect.core.counting import counted
from reflect.core.records import ActionView
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.workers import app_of, in_thread, journal_of

ACTIONS_LIMIT = 500


class ActionsScreen(Screen[None]):
    """What you said you would do; space marks one done, u undoes that."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        # Enter reads where the action came from; marking done is its own key,
        # so a tired press of enter never ticks something off by mistake.
        Binding("enter", "read", "Read its entry", priority=True),
        Binding("space", "done", "Mark done"),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[ActionView] = []
        self.last_done: ActionView | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="actions"):
            yield Static("", id="actions-lead", markup=False)
            # The chosen row is marked "▶", not only by colour.
            table = MarkedDataTable(id="actions-table", cursor_type="row")
            yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#actions-table", DataTable).add_columns("Due", "Case", "Action", "From")
        self.load()

    def load(self) -> None:
        """Read the open actions."""
        in_thread(
            self,
            self._read,
            self._show,
            what="Reading the journal",
            group="actions",
            exclusive=True,
        )

    def _read(self) -> list[ActionView]:
        journal = journal_of(self)
        page = journal.open_actions(limit=ACTIONS_LIMIT)
        return list(page.items)

    def _show(self, actions: list[ActionView]) -> None:
        self.actions = actions
        table = self.query_one("#actions-table", DataTable)
        row = table.cursor_row
        table.clear()
        today = app_of(self).today or date.today()
        for action in actions:
            due = f"{action.due:%d %b %Y}" if action.due else "no date"
            if action.due and action.due < today:
                due += " (past)"
            table.add_row(
                due,
                Text(action.case_code or ""),
                Text(action.text),
                "supervision" if action.session_id else "entry",
                key=str(action.id),
            )
        if actions:
            table.move_cursor(row=min(row, len(actions) - 1))
        lead = self.query_one("#actions-lead", Static)
        if actions:
            lead.update(
                f"{counted(len(actions), 'open action', 'open actions')}, the oldest due "
                "first. Space marks the highlighted one done; enter reads its entry."
            )
        else:
            lead.update("No open actions. Actions you add to reflections and sessions show here.")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return bool(self.actions)
        if action == "read":
            highlighted = self._highlighted()
            if highlighted is None:
                return False  # nothing to read: not shown
            # Shown but greyed out for an action agreed in a supervision session.
            return True if highlighted.entry_id is not None else None
        if action == "undo":
            return self.last_done is not None
        return True

    @on(DataTable.RowHighlighted, "#actions-table")
    def _highlighted_changed(self) -> None:
        self.refresh_bindings()

    def _highlighted(self) -> ActionView | None:
        table = self.query_one("#actions-table", DataTable)
        if 0 <= table.cursor_row < len(self.actions):
            return self.actions[table.cursor_row]
        return None

    def action_read(self) -> None:
        """Read the reflection the highlighted action came from."""
        action = self._highlighted()
        if action is None:
            return
        if action.entry_id is None:
            self.notify(
                "This action was agreed in a supervision session: Supervision (s), "
                "then earlier sessions (l).",
                title="From supervision",
            )
            return
        app_of(self).read_entry(action.entry_id)

    def action_back(self) -> None:
        """Back to where you were."""
        self.dismiss()

    def action_done(self) -> None:
        """Mark the highlighted action done."""
        table = self.query_one("#actions-table", DataTable)
        if not self.actions or not 0 <= table.cursor_row < len(self.actions):
            return
        action = self.actions[table.cursor_row]
        app = app_of(self)

        def marked(_: object) -> None:
            self.last_done = action
            self.notify(f"Done: {action.text}. Press u to undo.", title="Marked done", markup=False)
            self.load()

        app.in_background(
            lambda: app.journal.set_action_done(action.id, True), marked, what="Marking it done"
        )

    def action_undo(self) -> None:
        """Mark the last action done as not done again."""
        action = self.last_done
        if action is None:
            return
        app = app_of(self)

        def undone(_: object) -> None:
            self.notify(f"Not done: {action.text}.", title="Undone", markup=False)
            self.last_done = None
            self.load()

        app.in_background(
            lambda: app.journal.set_action_done(action.id, False), undone, what="Undoing it"
        )
