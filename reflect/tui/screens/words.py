"""The worker's own words for the identifier check: never flag these, always flag those."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from reflect.core.journal import Journal
from reflect.core.wordlists import ListedWord, ListName, WordListError, clean_word
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedDataTable
from reflect.tui.workers import app_of, in_thread, journal_of

LIST_LABELS = {"flag": "Always flag", "allow": "Never flag"}


class WordsScreen(Screen[None]):
    """Words and phrases the identifier check must always flag, or never flag."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "add('flag')", "Always flag", priority=True),
        Binding("ctrl+a", "add('allow')", "Never flag", priority=True),
        Binding("delete", "remove", "Remove word"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.words: list[ListedWord] = []

    @property
    def journal(self) -> Journal:
        return journal_of(self)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Vertical(id="word-lists"):
            yield Static("Your words for the identifier check", classes="section-title")
            yield Static(
                "Names on your caseload to always flag, and words never to flag (your team, "
                "your office). Used before saving, in anonymised exports and by 'reflect scan'. "
                "They are kept inside your journal.",
                classes="field-note",
            )
            yield Input(placeholder="A word or phrase", id="word-input", compact=True)
            yield Static(
                "Then enter or ctrl+f to always flag it, ctrl+a never to flag it. "
                "To remove one, tab to the list and press delete.",
                classes="field-note",
            )
            yield Static("", id="word-msg", classes="warning-note", markup=False)
            table: DataTable[str | Text] = MarkedDataTable(id="word-table", cursor_type="row")
            yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#word-table", DataTable).add_columns("Word or phrase", "List")
        self._say("")
        self.query_one("#word-input").focus()
        self._load()

    def _say(self, text: str) -> None:
        message = self.query_one("#word-msg", Static)
        message.update(text)
        message.display = bool(text)

    def _load(self) -> None:
        in_thread(
            self,
            self._read,
            self._show,
            what="Reading the journal",
            group="words",
            exclusive=True,
        )

    def _read(self) -> list[ListedWord]:
        words = self.journal.listed_words()
        return words

    def _show(self, words: list[ListedWord]) -> None:
        self.words = words
        table = self.query_one("#word-table", DataTable)
        table.clear()
        for item in words:
            table.add_row(Text(item.word), LIST_LABELS[item.list_name], key=item.word)
        if not words:
            self._say("No words yet. The check uses its own lists until you add some.")

    def on_input_submitted(self) -> None:
        # Flagging is the safe default: a word flagged too often leaks nothing.
        self.action_add("flag")

    def action_add(self, list_name: ListName) -> None:
        """Put the typed word on a list (it moves if it is on the other one)."""
        field = self.query_one("#word-input", Input)
        try:
            word = clean_word(field.value)
        except WordListError as exc:
            self._say(str(exc))
            return
        app_of(self).in_background(
            lambda: self.journal.add_word(list_name, word), self._added, what="Adding the word"
        )

    def _added(self, added: ListedWord) -> None:
        self.query_one("#word-input", Input).value = ""
        where = "always be flagged" if added.list_name == "flag" else "never be flagged"
        self._say(f"{added.word!r} will {where}.")
        self.query_one("#word-input").focus()
        self._load()

    def action_remove(self) -> None:
        """Take the highlighted word off its list."""
        table = self.query_one("#word-table", DataTable)
        if not self.words or table.cursor_row is None:
            return
        item = self.words[table.cursor_row]
        app_of(self).in_background(
            lambda: self.journal.remove_word(item.word), self._removed, what="Removing the word"
        )

    def _removed(self, removed: ListedWord) -> None:
        self._say(f"{removed.word!r} is off the list.")
        self._load()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
