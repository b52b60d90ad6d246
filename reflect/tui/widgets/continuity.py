"""The writer's panel for a family seen before: last visit, what was agreed, open actions,
and "did what was promised last time happen?".

Shown while writing a reflection whose case code has earlier entries; the
worker opens and closes it (ctrl+l). Everything it shows comes from
`Journal.continuity`; the answer is saved as soon as it is chosen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from reflect.core.continuity import Continuity, one_line
from reflect.core.dates import long_date
from reflect.core.records import EntryDetail
from reflect.tui.workers import app_of, in_thread, journal_of

ANSWERS = [("Yes", "yes"), ("Partly", "partly"), ("No", "no")]


def continuity_text(seen: Continuity, width: int) -> Text:
    """The panel's words: last visit, what was agreed, open actions."""
    assert seen.last is not None
    last = seen.last.entry
    out = Text()
    out.append(f"Last visit to {seen.case_code}: ", style="bold")
    out.append(f"{long_date(last.visit_date, weekday=True)} ({seen.visits} before this)\n")
    agreed = seen.last.agreed
    out.append("What was agreed: ", style="bold")
    # One line here: the lines of what was agreed read as a list, "; " between.
    said = one_line("; ".join(agreed[0][1].split("\n")), width - 18) if agreed else ""
    out.append((said or "nothing written down") + "\n")
    out.append(f"Open actions ({len(seen.open_actions)}): ", style="bold")
    if not seen.open_actions:
        out.append("none\n")
    else:
        shown = [one_line(a.text, 60) for _day, a in seen.open_actions[:3]]
        more = len(seen.open_actions) - len(shown)
        out.append("; ".join(shown) + (f"; and {more} more" if more > 0 else "") + "\n")
    out.rstrip()
    return out


class ContinuityPanel(Vertical):
    """Last visit's agreements for this family, and whether promises were kept."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen: Continuity | None = None
        self.entry_id: int | None = None
        self.opened = True
        self._showing = False

    @property
    def available(self) -> bool:
        """Whether this family was seen before (so there is something to show)."""
        return self.seen is not None and self.seen.seen_before

    def compose(self) -> ComposeResult:
        yield Static("", id="continuity-text")
        with Horizontal(id="promise-row"):
            yield Static("Did what was promised last time happen?", id="promise-label")
            yield Select[str](ANSWERS, prompt="Not answered", id="promise-kept", compact=True)
            yield Input(placeholder="a word on it (optional)", id="promise-note", compact=True)

    def on_mount(self) -> None:
        self.display = False

    def show_for(self, entry: EntryDetail) -> None:
        """Look up the family of ``entry`` (in a worker) and show what is found."""
        self.entry_id = entry.id
        journal = journal_of(self)

        def read() -> tuple[Continuity, tuple[str, str]]:
            seen = journal.continuity(entry.case_code, before=entry.visit_date, exclude_id=entry.id)
            return seen, journal.promise_checks([entry.id]).get(entry.id, ("", ""))

        in_thread(
            self,
            read,
            lambda found: self._show(*found),
            what="Looking up the last visit",
            group="continuity",
            exclusive=True,
        )

    def _show(self, seen: Continuity, check: tuple[str, str]) -> None:
        self.seen = seen
        self._showing = True
        if seen.seen_before:
            width = max(40, self.app.size.width - 6)
            self.query_one("#continuity-text", Static).update(continuity_text(seen, width))
            kept, note = check
            self.query_one("#promise-kept", Select).value = kept if kept else Select.NULL
            self.query_one("#promise-note", Input).value = note
        self._showing = False
        self.display = self.available and self.opened
        self.screen.refresh_bindings()

    def toggle(self) -> None:
        """Open or close the panel."""
        self.opened = not self.opened
        self.display = self.available and self.opened

    @on(Select.Changed, "#promise-kept")
    @on(Input.Submitted, "#promise-note")
    @on(Input.Blurred, "#promise-note")
    def _answered(self, event: Any) -> None:
        event.stop()
        if self._showing or self.entry_id is None:
            return
        value = self.query_one("#promise-kept", Select).value
        kept = str(value) if value is not Select.NULL and value else ""
        note = self.query_one("#promise-note", Input).value
        entry_id = self.entry_id
        app = app_of(self)
        app.in_background(
            lambda: app.journal.set_promise_check(entry_id, kept, note),
            what="Saving whether the promise was kept",
        )
