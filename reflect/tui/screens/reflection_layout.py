"""What the reflection screen holds: one switcher of steps, the last visit, and a status line.

Every step is built once; the screen shows one at a time (``step-<kind>``).
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Header, Markdown, Static, TextArea

from reflect.core.prompts import PromptLibrary
from reflect.tui.widgets.actions import ActionsForm
from reflect.tui.widgets.clear import ClearCheckbox
from reflect.tui.widgets.continuity import ContinuityPanel
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.status import StatusLine
from reflect.tui.widgets.tags import TagsForm
from reflect.tui.widgets.visit_details import VisitDetailsForm


def reflection_layout(library: PromptLibrary, today: date) -> ComposeResult:
    """The reflection screen's widgets, every step included."""
    yield Header(show_clock=False, icon="")
    with Vertical(id="reflection"):
        yield Static("", id="progress", markup=False)
        with ContentSwitcher(initial="step-details", id="steps"):
            yield VisitDetailsForm(library, today, id="step-details")
            with Vertical(id="step-prompt"):
                yield Static("", id="theme", markup=False)
                yield Static("", id="question", markup=False)
                yield Static("", id="hint", markup=False)
                yield TextArea(id="answer", soft_wrap=True, tab_behavior="focus")
                yield Static("", id="words", markup=False)
            yield TagsForm(id="step-tags")
            yield ActionsForm(today, id="step-actions")
            with Vertical(id="step-supervision"):
                yield ClearCheckbox("Bring this reflection to supervision", id="flagged")
                yield Static("Question for your supervisor (optional)", classes="field-label")
                yield TextArea(id="supervisor-question", soft_wrap=True, tab_behavior="focus")
            with VerticalScroll(id="step-summary"):
                yield Static(
                    "Read it through. Press ctrl+n to save it as complete, or ctrl+g to "
                    "go back to any step.",
                    classes="field-note",
                )
                yield Static("", id="privacy-note", classes="warning-note", markup=False)
                yield Markdown("", id="summary-md")
        yield ContinuityPanel(id="continuity")
        yield StatusLine("", id="status", markup=False)
    yield KeysFooter()
