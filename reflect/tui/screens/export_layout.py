"""What the export screen holds: the form on the left, the preview on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Markdown, ProgressBar, Select, Static

from reflect.core.export import FORMATS
from reflect.tui.widgets.clear import ClearCheckbox
from reflect.tui.widgets.footer import KeysFooter


def export_layout() -> ComposeResult:
    """The export screen's widgets: period, what to include, format, file, preview."""
    yield Header(show_clock=False, icon="")
    with Horizontal(id="export"):
        with VerticalScroll(id="export-form", can_focus=False):  # its fields are the tab stops
            yield Static("Export your journal", classes="section-title")
            yield Static("Period", classes="field-label")
            yield Select[str]([], prompt="Choose a term", id="export-term", compact=True)
            yield Button(
                "Add this academic year's terms",
                id="add-terms",
                variant="default",
                compact=True,
            )
            with Horizontal(id="export-dates"):
                yield Input(placeholder="From (22/11/2026)", id="export-from", compact=True)
                yield Input(placeholder="To", id="export-to", compact=True)
            yield Static("", id="export-msg", classes="warning-note", markup=False)
            yield Static("What to include", classes="field-label")
            yield ClearCheckbox(
                "Only entries flagged for supervision", id="export-flagged", compact=True
            )
            yield ClearCheckbox("Include drafts", id="export-drafts", compact=True)
            yield ClearCheckbox(
                # Short enough for the focus frame at 80 columns (review 22).
                "Case codes become Family A, B, ...",
                id="export-anonymise",
                compact=True,
            )
            yield Static("Format", classes="field-label")
            yield Select(
                [(f.label, f.name) for f in FORMATS.values()],
                value="markdown",
                allow_blank=False,
                id="export-format",
                compact=True,
            )
            yield Static("Save as", classes="field-label")
            yield Input(id="export-path", compact=True)
            yield Static(
                "The file stays on this computer, readable only by you.", classes="field-note"
            )
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-status", markup=False)
        with VerticalScroll(id="export-preview-box"):
            yield Static("Preview (the start of the document)", classes="field-note")
            yield Markdown("", id="export-preview")
    yield KeysFooter()
