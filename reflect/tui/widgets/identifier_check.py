"""Asking "Please check before saving" on screens that save written text when asked.

A new reflection shows the identifier check above its summary. The edit
screen, the supervision-session form and the CPD form save when the worker
presses ctrl+s (or leaves the edit screen), so they ask it then, with the worker's word
lists: replace what was found with notes such as [postcode], or go back and
change it by hand. Going back asks nothing more: the next save goes ahead as
the text stands, unless the check then finds something new.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from reflect.core.identifier_check import check_note, locate
from reflect.core.privacy import NO_WORDS, WordLists, mask
from reflect.tui.workers import in_thread, journal_of

# What the two answers do. Going back does not ask again about what is left
# as it is (a supervisor called Will stays Will), so the words say so.
GO_BACK_SAYS = (
    "Replace them with notes such as [postcode], or go back and change them "
    "yourself? If you go back, what you leave unchanged will be saved as you "
    "wrote it the next time you save, and you will not be asked about it again."
)

# (where, key, text): where the text is, in the worker's words; the key the screen knows it by.
Texts = list[tuple[str, str, str]]


class IdentifierCheck:
    """The check before one screen's save, with the worker's word lists."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        self.words: WordLists = NO_WORDS
        self._words_read = False
        # What the worker last chose to keep as written (so it is asked once).
        self._kept: tuple[tuple[str, str], ...] | None = None

    def read_words(self) -> None:
        """Read the word lists off the event loop (on mount)."""
        journal = journal_of(self.screen)
        in_thread(
            self.screen,
            journal.word_lists,
            self._got_words,
            what="Reading your word lists",
            group="word-lists",
            exclusive=True,
        )

    def _got_words(self, words: WordLists) -> None:
        self.words = words
        self._words_read = True

    def would_ask(self, texts: Texts) -> bool:
        """Whether `before_saving` would ask about ``texts`` (it finds something not kept).

        Quick enough for a save on the spot: the screen's save as the app
        closes, where nobody can be asked, uses it to keep the same rule. If
        the word lists have not come yet (the app closed as the screen
        opened), they are read here first: without them a word the worker
        flagged would pass, and a change kept as complete unchecked.
        """
        if not self._words_read:
            try:
                self._got_words(journal_of(self.screen).word_lists())
            except Exception:
                # Unreadable now: nothing may be saved as checked that was not
                # (the screen then keeps the change as a draft to check).
                return True
        findings = locate([(where, text) for where, _key, text in texts], self.words)
        return bool(findings) and tuple((f.where, f.finding.text) for f in findings) != self._kept

    def before_saving(
        self,
        texts: Texts,
        replace: Callable[[dict[str, str]], None],
        then: Callable[[], object],
    ) -> None:
        """``then()`` at once if the check finds nothing new; otherwise ask first.

        "Replace them" calls ``replace`` with the masked texts by key, then
        ``then()``; "Go back" leaves the screen as it is, to change by hand.
        """
        from reflect.tui.screens.dialogs import ConfirmScreen

        findings = locate([(where, text) for where, _key, text in texts], self.words)
        found = tuple((f.where, f.finding.text) for f in findings)
        if not findings or found == self._kept:
            then()
            return

        def answered(replace_them: bool | None) -> None:
            if replace_them:
                masked = {key: mask(text, words=self.words) for _where, key, text in texts}
                replace({key: masked[key] for _where, key, text in texts if masked[key] != text})
                then()
                return
            self._kept = found  # gone back: the next save goes ahead as it stands

        self.screen.app.push_screen(
            ConfirmScreen(
                check_note(findings) + "\n\n" + GO_BACK_SAYS,
                yes="Replace them",
                no="Go back",
            ),
            answered,
        )
