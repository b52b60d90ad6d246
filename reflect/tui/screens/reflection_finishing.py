"""The reflection's finishing steps: themes and tags, next actions, and the summary.

`FinishingSteps` is the reflection screen's part for the steps after the
questions: it writes tags and actions as they are chosen (in workers), seeds
actions from the "what next" answer, and shows the summary with what the
identifier check found. The rules (what to suggest, what may identify
someone, how to mask it) are the `ReflectionDraft`'s; this part draws them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Markdown, Static, TextArea

from reflect.core.records import ActionView, EntryDetail
from reflect.core.render import entry_markdown
from reflect.tui.workers import in_thread

if TYPE_CHECKING:
    from datetime import date

    from reflect.tui.screens.reflection import ReflectionScreen


class FinishingSteps:
    """Tags, actions and the summary of one reflection screen."""

    def __init__(self, screen: ReflectionScreen) -> None:
        self.screen = screen
        # Answers already carried into the actions step.
        self.seeded_actions = False

    # -- tags ------------------------------------------------------------------------

    def offer_tags(self) -> None:
        """Suggest the themes and PCF domains of the questions answered, until touched."""
        screen, draft = self.screen, self.screen.draft
        if not screen.tags_form.touched:
            screen.tags_form.offer_themes(draft.theme_names(), draft.suggested_themes())
            screen.tags_form.offer_pcf(draft.suggested_pcf())

    def save_tags(self) -> None:
        """Write the chosen tags (leaving the tags step)."""
        screen = self.screen
        if screen.entry_id is None:
            return
        screen.tags_form.touched = True
        themes, pcf, free = screen.tags_form.chosen()
        entry_id, journal = screen.entry_id, screen.journal
        in_thread(
            screen,
            lambda: journal.set_tags(entry_id, themes=themes, pcf_domains=pcf, free_tags=free),
            failed=screen.save_failed,
            group="tags",
        )

    # -- actions ---------------------------------------------------------------------

    def seed_actions(self, today: date) -> None:
        """Turn the "what next" answer into actions, one a line, once per sitting."""
        screen = self.screen
        if self.seeded_actions or screen.entry_id is None or screen.actions_form.actions:
            return
        items = screen.draft.actions_from_answer(today)
        if not items:
            return
        self.seeded_actions = True
        entry_id, journal = screen.entry_id, screen.journal

        def write() -> list[ActionView]:
            # One worker for all of them, so they are stored in the order written.
            return [journal.add_action(text, entry_id=entry_id, due=due) for text, due in items]

        def added(actions: list[ActionView]) -> None:
            for action in actions:
                screen.actions_form.added(action)

        in_thread(screen, write, added, failed=screen.save_failed, group="actions")
        screen.actions_form.note_seeded(len(items))

    def add_action(self, text: str, due: date | None) -> None:
        """Write an action typed on the actions step."""
        screen = self.screen
        if screen.entry_id is None:
            return
        entry_id, journal = screen.entry_id, screen.journal
        in_thread(
            screen,
            lambda: journal.add_action(text, entry_id=entry_id, due=due),
            screen.actions_form.added,
            failed=screen.save_failed,
            group="actions",
        )

    def remove_action(self, action_id: int) -> None:
        """Remove an action from the journal."""
        journal = self.screen.journal
        in_thread(
            self.screen,
            lambda: journal.remove_action(action_id),
            failed=self.screen.save_failed,
            group="actions",
        )

    # -- the summary -----------------------------------------------------------------

    def current_detail(self) -> EntryDetail:
        """The entry as the screen holds it now."""
        screen = self.screen
        themes, pcf, free = screen.tags_form.chosen()
        return screen.draft.detail(
            themes=themes,
            pcf=pcf,
            free=free,
            actions=list(screen.actions_form.actions),
            details=screen.details_form.read() or {},
        )

    def show_summary(self) -> None:
        """The whole entry, and what may identify someone in it."""
        screen = self.screen
        screen.query_one("#summary-md", Markdown).update(entry_markdown(self.current_detail()))
        findings = screen.draft.check()
        note = screen.query_one("#privacy-note", Static)
        if findings:
            note.update(screen.draft.findings_note())
        note.display = bool(findings)
        screen.refresh_bindings()

    def replace_identifiers(self) -> None:
        """Replace what the check found with notes such as [postcode]."""
        screen = self.screen
        if screen.draft.replace_identifiers():
            question = str(screen.draft.fields["supervisor_question"])
            screen.query_one("#supervisor-question", TextArea).load_text(question)
        screen.notify("Replaced. Read it through once more before saving.", title="Identifiers")
