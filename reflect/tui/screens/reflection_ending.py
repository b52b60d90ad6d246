"""How a reflection ends: saved as complete, left as a draft, or discarded.

`ReflectionEnding` is the reflection screen's part that finishes, leaves and
discards: it asks only when something would be lost, never leaves words
unsaved without the worker choosing so, and drops a draft left without a word
in it. The screen forwards its keys (ctrl+n on the summary, escape, ctrl+d).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.tui.screens.dialogs import ConfirmScreen
from reflect.tui.workers import in_thread

if TYPE_CHECKING:
    from reflect.tui.screens.reflection import ReflectionScreen


class ReflectionEnding:
    """Finishing, leaving and discarding one reflection screen's draft."""

    def __init__(self, screen: ReflectionScreen) -> None:
        self.screen = screen
        # Set once leaving found the draft not empty after all.
        self.checked_empty = False

    # -- finishing -----------------------------------------------------------------

    def finish(self) -> None:
        """Save the reflection as complete and go back home."""
        self.screen.saver.leave(self._complete, ask=False)

    def _complete(self) -> None:
        screen = self.screen
        assert screen.entry_id is not None
        entry_id, journal = screen.entry_id, screen.journal
        # Saved as complete by any route: themes and domains the worker never
        # chose are those the questions answered suggest (review 20, defect 5).
        screen.finishing.offer_tags()
        themes, pcf, free = screen.tags_form.chosen()

        def write() -> None:
            journal.set_tags(entry_id, themes=themes, pcf_domains=pcf, free_tags=free)
            journal.complete(entry_id)

        in_thread(screen, write, self._completed, failed=screen.save_failed, group="finish")

    def _completed(self, _: None) -> None:
        self.screen.app.notify(
            "Your reflection is saved. Thank you for taking the time.", title="Saved"
        )
        self.screen.dismiss(self.screen.entry_id)

    # -- discarding ----------------------------------------------------------------

    def discard(self) -> None:
        """Move this draft to the trash, after asking."""
        screen = self.screen
        if screen.entry_id is None:
            return
        entry_id = screen.entry_id

        def answered(discard: bool | None) -> None:
            if discard:
                # The trash keeps every word: what is not saved yet goes with it,
                # and the saver has nothing left to do.
                unsaved = screen.draft.unsaved_answers()
                screen.save_state.discard()
                self._discard(entry_id, to_trash=True, unsaved=unsaved)

        screen.app.push_screen(
            ConfirmScreen(
                "Discard this draft? It goes to the trash, where browse (t) can bring it "
                "back until the trash is emptied.",
                yes="Discard",
                no="Keep writing",
            ),
            answered,
        )

    def _discard(
        self, entry_id: int, *, to_trash: bool, unsaved: dict[str, str] | None = None
    ) -> None:
        """Trash the draft, or (leaving with nothing written) delete it if still empty."""
        screen = self.screen
        journal, saver = screen.journal, screen.saver

        def write() -> bool:
            import time

            while saver.busy:  # let a save in flight land first
                time.sleep(0.02)
            if not to_trash:
                return journal.discard_if_empty(entry_id)
            if unsaved:
                journal.save_draft(entry_id, unsaved)
            journal.delete(entry_id)
            return True

        in_thread(
            screen,
            write,
            lambda gone: self._discarded(gone, to_trash),
            failed=screen.save_failed,
            group="discard",
        )

    def _discarded(self, gone: bool, to_trash: bool) -> None:
        screen = self.screen
        if not gone:
            # Something was written after all: leave the usual way, keeping it.
            self.checked_empty = True
            self.leave()
            return
        screen.entry_id = None
        if to_trash:
            screen.app.notify("The draft is in the trash.", title="Discarded")
        else:
            screen.app.notify("Nothing was written, so no draft was kept.", title="Closed")
        screen.dismiss(None)

    # -- leaving -------------------------------------------------------------------

    def _anything_written(self) -> bool:
        screen = self.screen
        return screen.draft.anything_written(
            actions=len(screen.actions_form.actions), free_tags=screen.tags_form.chosen()[2]
        )

    def leave(self) -> None:
        """Go back home; asks only when something would be lost."""
        screen = self.screen
        if screen.entry_id is not None and not self.checked_empty and not self._anything_written():
            # A draft left without a word in it is not kept.
            self._discard(screen.entry_id, to_trash=False)
            return
        if screen.entry_id is None and screen.draft.creating is not None:
            screen.set_status("Starting your draft… one moment.")
            return
        if screen.entry_id is None:
            if not screen.details_form.typed_anything:
                screen.dismiss(None)
                return

            def answered(discard: bool | None) -> None:
                if discard:
                    screen.dismiss(None)

            screen.app.push_screen(
                ConfirmScreen(
                    "Leave without starting this reflection? The visit details you typed "
                    "will not be kept.",
                    yes="Leave",
                    no="Stay",
                ),
                answered,
            )
            return
        if screen.step.kind == "tags":
            screen.save_tags()
        screen.saver.leave(self._left)

    def _left(self) -> None:
        screen = self.screen
        if screen.saver.discarded:  # left without the latest words, by choice
            screen.dismiss(screen.entry_id)
            return
        screen.notify(
            "Your draft is saved. Carry on with it from the home screen whenever you are ready.",
            title="Draft saved",
        )
        screen.dismiss(screen.entry_id)
