"""An entry's earlier versions: compare one with the entry as it is now, restore it."""

from __future__ import annotations

import difflib
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from reflect.core.counting import counted
from reflect.core.records import EntryDetail, RevisionView
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marked_list import MarkedRowsOptionList
from reflect.tui.workers import app_of, in_thread, journal_of

DETAIL_LABELS = {
    "visit_date": "Visit date",
    "case_code": "Case code",
    "visit_type": "Kind of visit",
    "visit_minutes": "Length in minutes",
    "flagged": "Bring to supervision",
    "supervisor_question": "Question for my supervisor",
}


def word_changes(then: str, now: str) -> tuple[Text, Text]:
    """Both texts, with the words taken out struck through and the words put in underlined."""
    old, new = then.split(), now.split()
    before, after = Text(), Text()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            before.append(" ".join(old[a1:a2]) + " ")
            after.append(" ".join(new[b1:b2]) + " ")
            continue
        if a2 > a1:
            before.append(" ".join(old[a1:a2]), style="strike")
            before.append(" ")
        if b2 > b1:
            after.append(" ".join(new[b1:b2]), style="bold underline")
            after.append(" ")
    before.rstrip()
    after.rstrip()
    return before, after


def compare(revision: RevisionView, current: EntryDetail) -> Text:
    """What differs between an earlier version and the entry now, in words."""
    out = Text()
    for key, label in DETAIL_LABELS.items():
        if key not in revision.details:
            continue
        then = revision.details[key]
        now = getattr(current, key)
        now_plain = now.isoformat() if hasattr(now, "isoformat") else now
        if then != now_plain:
            out.append(f"{label}: ", style="bold")
            out.append(f"then {_plain(then)}, now {_plain(now_plain)}\n")
    now_answers = {a.prompt_id: a for a in current.answers}
    changed = 0
    for answer in revision.answers:
        now_text = now_answers[answer.prompt_id].text if answer.prompt_id in now_answers else ""
        if answer.text == now_text:
            continue
        changed += 1
        out.append(f"\n{answer.question}\n", style="bold")
        before, after = word_changes(answer.text, now_text)
        out.append("Then: ", style="italic")
        out.append_text(before if answer.text.strip() else Text("(not answered)"))
        out.append("\nNow:  ", style="italic")
        out.append_text(after if now_text.strip() else Text("(not answered)"))
        out.append("\n")
    if not out.plain.strip():
        return Text("This version is the same as the entry now.")
    heading = Text(
        "Struck-through words are in this version only; underlined words were added since.\n",
        style="italic",
    )
    if changed == 0:
        heading.append("The answers are the same; only the details above differ.\n")
    return heading + out


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value in (None, ""):
        return "(blank)"
    return str(value)


class HistoryScreen(Screen[None]):
    """Earlier versions, newest first; the one highlighted is compared with now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("r", "restore", "Restore this version"),
    ]

    def __init__(self, entry_id: int) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.current: EntryDetail | None = None
        self.revisions: list[RevisionView] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static("Opening the history…", id="history-lead", classes="muted", markup=False)
        with Horizontal(id="history"):
            yield MarkedRowsOptionList(id="versions")
            with VerticalScroll(id="compare-box"):
                yield Static("", id="compare", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Read the entry and its earlier versions."""
        in_thread(
            self,
            self._read,
            lambda read: self._show(*read),
            what="Reading the journal",
            group="history",
            exclusive=True,
        )

    def _read(self) -> tuple[EntryDetail, list[RevisionView]]:
        journal = journal_of(self)
        current = journal.get_entry(self.entry_id)
        revisions = journal.revisions(self.entry_id)
        return current, revisions

    def _show(self, current: EntryDetail, revisions: list[RevisionView]) -> None:
        self.current, self.revisions = current, revisions
        lead = self.query_one("#history-lead", Static)
        versions = self.query_one("#versions", OptionList)
        versions.clear_options()
        if not revisions:
            lead.update("This entry has not been edited: there are no earlier versions.")
            self.query_one("#compare", Static).update("")
            self.refresh_bindings()
            return
        count = len(revisions)
        lead.update(
            f"{counted(count, 'earlier version', 'earlier versions')}, newest first. "
            "Each was kept just before an edit."
        )
        for revision in revisions:
            when = revision.created_at.astimezone()  # stored in UTC, shown in local time
            versions.add_option(Option(f"{when:%a %d %b %Y, %H:%M}", id=str(revision.id)))
        versions.highlighted = 0
        versions.focus()
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#versions")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        revision = self._selected()
        if revision is not None and self.current is not None:
            self.query_one("#compare", Static).update(compare(revision, self.current))

    def _selected(self) -> RevisionView | None:
        index = self.query_one("#versions", OptionList).highlighted
        if index is None or not 0 <= index < len(self.revisions):
            return None
        return self.revisions[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return bool(self.revisions)
        return True

    def action_back(self) -> None:
        """Back to the entry."""
        self.dismiss()

    def action_restore(self) -> None:
        """Make the highlighted version the entry again, after asking."""
        from reflect.tui.screens.dialogs import ConfirmScreen

        revision = self._selected()
        if revision is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                app = app_of(self)

                def restored(_: object) -> None:
                    self.notify(
                        "Restored. The version it replaced is kept in the history too.",
                        title="Restored",
                    )
                    self.load()

                app.in_background(
                    lambda: app.journal.restore_revision(revision.id),
                    restored,
                    what="Restoring that version",
                )

        self.app.push_screen(
            ConfirmScreen(
                "Make this earlier version the entry again? The entry as it is now "
                "will be kept in the history, so nothing is lost.",
                yes="Restore it",
                no="Keep it as it is",
            ),
            answered,
        )
