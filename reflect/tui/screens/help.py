"""The help screen: every key and what it does, in plain words."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reflect.tui.widgets.footer import KeysFooter

KEYS = (
    ("n", "Write a new reflection about a visit"),
    ("enter", "Carry on with a draft, or read an entry"),
    ("b", "Browse, filter, search and reread past entries"),
    ("s", "Gather what to bring to supervision"),
    ("a", "Open actions across every entry"),
    ("e", "Export a term's journal to Markdown"),
    ("w", "Your words: names to always flag, words never to flag"),
    ("c", "CPD records, and where you stand this year"),
    ("g", "An agenda for supervision from what you flagged"),
    ("t", "Terms and placements"),
    ("x", "The trash"),
    ("d", "On a draft: discard it (to the trash; asks first)"),
    ("r", "Refresh the lists"),
    ("?", "This help"),
    ("ctrl+p", "Search for any command"),
    ("q", "Quit (everything is already saved)"),
)

READING_KEYS = (
    ("/", "In Browse: search as you type"),
    ("ctrl+f", "In Browse: choose filters (x clears them)"),
    ("f", "Browse or reading: bring to supervision, or not"),
    ("c", "Browse or reading: every entry for this family"),
    ("t", "In Browse: the trash"),
    ("n / p", "Reading: next / previous entry in the list"),
    ("e", "Reading: edit (the earlier version is kept)"),
    ("h", "Reading: earlier versions, compare, restore"),
    ("d", "Reading: move to the trash (asks first)"),
    ("r", "Supervision: record a session (saved as you type)"),
    ("l, c", "Supervision: earlier sessions; c corrects one"),
)

REFLECTION_KEYS = (
    ("ctrl+n", "Next step (on the last step: save as complete)"),
    ("ctrl+b", "Back one step"),
    ("ctrl+o", "Skip this question for now"),
    ("ctrl+t", "Show or hide the hint"),
    ("ctrl+g", "See every step and go to any of them"),
    ("ctrl+s", "Save now (it also saves by itself as you type)"),
    ("ctrl+r", "On the last step: replace what may identify someone"),
    ("ctrl+d", "Discard this draft (to the trash; asks first)"),
    ("ctrl+l", "A family seen before: show or hide the last visit"),
    ("escape", "Close; your draft is kept (not if nothing is written)"),
)


class HelpScreen(ModalScreen[None]):
    """Lists the keys; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False, key_display="?"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            # How to close comes first: at 80x24 the end of the list is below the fold.
            yield Static("Escape (or ?) closes this help.", classes="muted", id="help-close")
            yield Static("\nKeys", classes="section-title")
            lines = "\n".join(f"  {key:<8} {what}" for key, what in KEYS)
            yield Static(lines, markup=False)
            yield Static("\nReading, searching and supervision", classes="section-title")
            lines = "\n".join(f"  {key:<8} {what}" for key, what in READING_KEYS)
            yield Static(lines, markup=False)
            yield Static("\nWhile writing a reflection", classes="section-title")
            lines = "\n".join(f"  {key:<8} {what}" for key, what in REFLECTION_KEYS)
            yield Static(lines, markup=False)
            yield Static(
                "\nEverything you type is saved to your journal on this computer. "
                "Nothing leaves it unless you export it.",
                classes="muted",
            )
        # Its own keys, not those of the screen beneath (which do nothing here).
        yield KeysFooter()

    def action_close(self) -> None:
        """Go back to where you were."""
        self.dismiss()
