"""Choosing an entry's themes, PCF domains and free tags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, SelectionList, Static

from reflect.core.records import EntryDetail
from reflect.core.vocab import PCF_DOMAINS
from reflect.tui.widgets.clear import ClearSelectionList


class TagsForm(VerticalScroll, can_focus=False):  # not a tab stop: its fields are
    """Themes (suggested from the answers), PCF domains and free tags."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Suggestions only fill the form until the worker has chosen for themselves.
        self.touched = False

    def compose(self) -> ComposeResult:
        yield Static("Themes this visit touched", classes="field-label")
        yield Static("", id="themes-note", classes="field-note")
        yield ClearSelectionList(id="themes")
        yield Static(
            "PCF domains: ticked from the questions you answered; space to change",
            classes="field-label",
        )
        yield ClearSelectionList(*((d, d) for d in PCF_DOMAINS), id="pcf")
        yield Static("Other tags, separated by commas", classes="field-label")
        yield Input(placeholder="for example: school, housing", id="free-tags")

    def offer_themes(self, names: Iterable[str], selected: set[str]) -> None:
        """List the set's themes (and any already chosen), ticking ``selected``."""
        listed = list(dict.fromkeys([*names, *sorted(selected)]))
        themes = self.query_one("#themes", SelectionList)
        themes.clear_options()
        themes.add_options([(name, name, name in selected) for name in listed])
        self.query_one("#themes-note", Static).update(
            "Ticked from the questions you answered; space to change."
            if selected
            else "None ticked from your answers: space ticks any this visit touched."
        )

    def offer_pcf(self, selected: set[str]) -> None:
        """Tick the PCF domains of the questions answered."""
        pcf = self.query_one("#pcf", SelectionList)
        pcf.deselect_all()
        for domain in PCF_DOMAINS:
            if domain in selected:
                pcf.select(domain)

    def show_entry(self, entry: EntryDetail, theme_names: Iterable[str]) -> None:
        """Fill in the tags a draft already has."""
        self.offer_themes(theme_names, set(entry.themes))
        pcf = self.query_one("#pcf", SelectionList)
        pcf.deselect_all()
        for domain in entry.pcf_domains:
            pcf.select(domain)
        self.query_one("#free-tags", Input).value = ", ".join(entry.free_tags)
        self.touched = bool(entry.themes or entry.pcf_domains or entry.free_tags)

    @on(SelectionList.SelectionToggled)
    def _toggled(self) -> None:
        # Only the worker's own toggles count; filling in suggestions does not.
        self.touched = True

    @on(Input.Changed, "#free-tags")
    def _typed(self, event: Input.Changed) -> None:
        if event.input.has_focus:
            self.touched = True

    def chosen(self) -> tuple[list[str], list[str], list[str]]:
        """The themes, PCF domains and free tags as they stand."""
        themes = [str(v) for v in self.query_one("#themes", SelectionList).selected]
        pcf = [str(v) for v in self.query_one("#pcf", SelectionList).selected]
        typed = self.query_one("#free-tags", Input).value
        return themes, pcf, [t.strip() for t in typed.split(",") if t.strip()]
