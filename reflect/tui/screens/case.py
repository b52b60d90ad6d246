"""A family's timeline: every entry for one case code in date order, with its actions."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from reflect.core.continuity import PROMISE_ANSWERS, TimelineEntry
from reflect.core.counting import counted
from reflect.core.dates import due_words, long_date
from reflect.core.render import escape_text
from reflect.core.vocab import VisitType
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.workers import in_thread, journal_of


def timeline_markdown(case_code: str, timeline: list[TimelineEntry]) -> str:
    """The timeline as Markdown: one heading per visit, what was agreed, its actions."""
    if not timeline:
        return f"*No entries for {escape_text(case_code)}.*"
    parts = []
    for item in timeline:
        e = item.entry
        draft = " (draft)" if e.status == "draft" else ""
        parts += [
            f"## {long_date(e.visit_date, weekday=True)}: "
            f"{VisitType(e.visit_type).label.lower()}{draft}",
            "",
        ]
        if item.promise_kept:
            note = f" ({escape_text(item.promise_note)})" if item.promise_note else ""
            parts += [
                f"Did what was promised last time happen? **{PROMISE_ANSWERS[item.promise_kept]}**"
                f"{note}",
                "",
            ]
        for label, agreed in item.agreed:
            parts += [f"**{label}:** {escape_text(agreed)}", ""]
        for action in e.actions:
            due = due_words(action.due)
            state = "done" if action.done else "open"
            parts.append(f"- {state}: {escape_text(action.text)}{due}")
        if e.actions:
            parts.append("")
    return "\n".join(parts)


class CaseTimelineScreen(Screen[None]):
    """Every entry for one family, oldest first."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, case_code: str) -> None:
        super().__init__()
        self.case_code = case_code

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static(f"Reading every entry for {self.case_code}…", id="case-lead", markup=False)
        with VerticalScroll(id="case-box"):
            yield Markdown("", id="case-md")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the timeline off the event loop."""
        journal, case_code = journal_of(self), self.case_code
        in_thread(
            self,
            lambda: journal.case_timeline(case_code),
            self._show,
            what="Reading the case",
            group="case",
            exclusive=True,
        )

    async def _show(self, timeline: list[TimelineEntry]) -> None:
        n = len(timeline)
        open_actions = sum(not a.done for t in timeline for a in t.entry.actions)
        self.query_one("#case-lead", Static).update(
            f"{self.case_code}: {counted(n, 'entry', 'entries')}, oldest first; "
            f"{counted(open_actions, 'open action', 'open actions')}."
        )
        await self.query_one("#case-md", Markdown).update(
            timeline_markdown(self.case_code, timeline)
        )
        self.query_one("#case-box").focus()

    def action_back(self) -> None:
        """Back to where you were."""
        self.dismiss()
