"""Saving as you type, shared by every screen that edits text.

A screen that edits text keeps a `SaveState` (reflect.core.autosave) up to
date with what it shows and gives a `Saver` three things: how to write a
`SaveRequest` (called in a worker thread), how to show a status sentence, and
how to reload its entry after a conflict. The `Saver` does the rest:

- it looks four times a second whether a save is due and runs it in a worker,
  so typing never waits and a failed save is tried again every few seconds for
  as long as words are unsaved (a dialog on top, "Stay" included, changes
  nothing: only a save or an explicit discard ends it);
- the status line says "Not saved yet: <reason>. Trying again every few
  seconds." while that is the truth, then "Saved again at .... Nothing was
  lost" until the next save, and "Saved at ..." after; no notice covers the
  text;
- `leave` saves and then leaves, or asks "Stay" / "Leave and lose them";
- `save_on_the_spot` saves on the event loop, for quitting and for signals
  (closing the terminal), when there is no time for a worker;
- when another window saved the same entry first, it offers to keep this
  screen's words as the newest or to reload the other version; either way
  the version not shown is kept in the entry's history.

Adopting it on a new screen (supervision-session notes, say)::

    self.save_state = SaveState()
    self.saver = Saver(self, self.save_state, write=self._write, status=self._show)
    # once the record is read and shown:  self.save_state.loaded(values, revision)
    #                                     self.saver.start()
    # on every change:                    self.save_state.edit(key, value)
    # ctrl+s:                             self.saver.save_now()
    # escape:                             self.saver.leave(self.dismiss)
    # quitting and closing signals:       def save_blocking(self) -> None, raising
    #                                     when `saver.save_on_the_spot()` did not save

``_write(request)`` runs in a worker thread and returns the record's new
revision (or None when the record has none). `start` registers the saver with
the app (``ReflectApp.text_savers``), so its words are saved even when the app
ends without its screens (the terminal closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from reflect.core.autosave import SaveResult, SaveState, Writer
from reflect.tui.workers import app_of, in_thread

TICK = 0.25  # seconds between looks at whether a save is due


class Saver:
    """Runs a screen's saves: on time, again after a failure, and before leaving."""

    def __init__(
        self,
        screen: Screen[Any],
        state: SaveState,
        *,
        write: Writer,
        status: Callable[[str, bool], None],
        reload: Callable[[], None] | None = None,
        keep_mine_in_history: Callable[[], None] | None = None,
        capture: Callable[[], None] | None = None,
    ) -> None:
        self.screen = screen
        self.state = state
        self.write = write
        self.show_status = status
        # After a conflict: read the entry again and show it (on the loop).
        self.reload = reload
        # After a conflict, before reloading: keep this screen's words in history (in a thread).
        self.keep_mine_in_history = keep_mine_in_history
        # Copy what the widgets hold into the state (before saving on the spot).
        self.capture = capture
        self._interval: Timer | None = None
        self._running = False
        self._then: Callable[[], object] | None = None
        self._asking = False  # a conflict or leave question is on screen
        self._asked_to_save = False  # the person pressed ctrl+s (or is leaving)
        self._ask_on_failure = True
        self.failures_told = False
        # After ctrl+q could not save: the failure then, and what was said of
        # it ("Not quitting: ..."), said again by each retry failing the same
        # way instead of the retry's own words, which no longer said why
        # Reflect was still open.
        self._quit_refused: tuple[str, str] | None = None
        # The person chose to leave without the unsaved words.
        self.discarded = False

    def start(self) -> None:
        """Begin looking for due saves (once the screen shows what the journal holds)."""
        if self._interval is None:
            self._interval = self.screen.set_interval(TICK, self.tick)
            app_of(self.screen).text_savers.append(self)

    @property
    def busy(self) -> bool:
        """Whether a save is being written now."""
        return self._running

    def tick(self) -> None:
        """Start a save in a worker if one is due."""
        if not self._running and self.state.due():
            self._running = True
            in_thread(self.screen, self._save_in_thread, self._done, group="saver")

    def save_now(self) -> None:
        """Save straight away (ctrl+s)."""
        self._asked_to_save = True
        self.state.save_soon()
        if self.state.conflict is not None:
            self._ask_about_conflict()
            return
        self.tick()
        if not self._running and not self.state.unsaved:
            self._asked_to_save = False
            self._report(SaveResult(saved=True))

    def _save_in_thread(self) -> SaveResult:
        # Never raises: a failed write is a SaveResult that says why.
        return self.state.save(self.write)

    def _done(self, result: SaveResult) -> None:
        self._running = False
        self._report(result)
        then, self._then = self._then, None
        asked, self._asked_to_save = self._asked_to_save, False
        if result.conflict is not None:
            if asked or then is not None:
                self._ask_about_conflict()
            # else: found by a save in the background. A dialog now could be
            # answered by the next letter typed, so only the status line says
            # it (``_report``), and ctrl+s asks.
        elif not result.saved and then is not None:
            if self._ask_on_failure:
                self._ask_before_leaving(then)
            # else: stay; the status line says why, and the retries go on
        elif then is not None:
            if self.state.unsaved:  # typed while leaving: save that too first
                self._then = then
                self.save_now()
            else:
                then()

    def _report(self, result: SaveResult) -> None:
        # Everything goes to the screen's status line, never a notice: a notice
        # covers the text being written (at 80x24, half of it), and one shown
        # just before a status was overwritten by it at once.
        status = self.state.status
        if status is not None:
            # Written again on each failure, even the same one: the screen may
            # have put words of its own on the line since ("Saved as a draft").
            refused = self._quit_refused
            self.show_status(refused[1] if refused and refused[0] == status else status, True)
            self.failures_told = True
            return
        self._quit_refused = None
        if result.saved and not self.state.unsaved:
            when = f" at {app_of(self.screen).clock():%H:%M:%S}"
            if self.failures_told:
                # Stays until the next save, which only a keystroke brings.
                self.failures_told = False
                self.show_status(f"Saved again{when}. Nothing was lost", False)
                return
            self.show_status(f"Saved{when}", False)

    # -- leaving -----------------------------------------------------------------

    def leave(self, then: Callable[[], object], *, ask: bool = True) -> None:
        """Save what is unsaved, then ``then()``.

        If saving fails, ``ask`` offers "Stay" or "Leave and lose them";
        without it the screen simply stays, still trying.
        """
        if self.state.conflict is not None:
            self._ask_about_conflict()
            return
        if not self.state.unsaved:
            then()
            return
        self._then = then
        self._ask_on_failure = ask
        self.save_now()

    def _ask_before_leaving(self, then: Callable[[], object]) -> None:
        from reflect.tui.screens.dialogs import ConfirmScreen

        if self._asking:
            return
        self._asking = True
        reason = self.state.status or "Not saved yet."

        def answered(leave: bool | None) -> None:
            self._asking = False
            if leave:
                self.state.discard()
                self.discarded = True
                then()
            # Stay: the interval keeps trying; nothing else to do.

        self.screen.app.push_screen(
            ConfirmScreen(
                f"{reason} If you leave now, your latest words will be lost. "
                "Stay, and Reflect keeps trying?",
                yes="Leave and lose them",
                no="Stay",
            ),
            answered,
        )

    def refuse_quit(self, said: str) -> None:
        """Say why Reflect is not quitting (``said``), and keep saying it while saves fail alike."""
        self._quit_refused = (self.state.status or "", said)
        self.show_status(said, True)

    def save_on_the_spot(self, *, report: bool = True) -> SaveResult:
        """Save now on the calling thread (the app is closing); waits for a running save.

        ``report=False`` when the screen may already be gone: nothing is shown.
        """
        if self.capture is not None and report:
            self.capture()
        result = self.state.save(self.write)
        if report:
            self._report(result)
        return result

    def save_blocking(self) -> None:
        """Save on the spot for the app's quit and closing signals; raise if not saved."""
        result = self.save_on_the_spot()
        if not result.saved:
            raise RuntimeError(result.error or "not saved")

    def leave_unsaved(self, then: Callable[[], object], question: str) -> None:
        """Leave a form that saves only when asked (each save keeps a version).

        With nothing unsaved ``then`` runs at once; otherwise ``question``
        asks first, and leaving throws the unsaved change away.
        """
        if not self.state.unsaved:
            then()
            return
        from reflect.tui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.state.discard()
                then()

        self.screen.app.push_screen(ConfirmScreen(question, yes="Leave", no="Stay"), answered)

    # -- two windows -------------------------------------------------------------

    def _ask_about_conflict(self) -> None:
        from reflect.tui.screens.dialogs import ConfirmScreen

        conflict = self.state.conflict
        if conflict is None or self._asking:
            return
        self._asking = True

        def answered(keep_mine: bool | None) -> None:
            self._asking = False
            if keep_mine:
                self.state.resolved(conflict.current_revision, keep_current=True)
                self.tick()
            else:
                in_thread(
                    self.screen,
                    self._keep_mine,
                    self._reload_after_keeping,
                    failed=self._not_kept,
                    group="saver",
                )

        self.screen.app.push_screen(
            ConfirmScreen(
                "This entry was changed in another Reflect window while you were writing. "
                "Keep yours as the newest (the other version stays in History), or reload "
                "the other version (yours stays in History)?",
                yes="Keep mine",
                no="Reload the other",
            ),
            answered,
        )

    def _keep_mine(self) -> None:
        if self.keep_mine_in_history is not None:
            self.keep_mine_in_history()

    def _reload_after_keeping(self, _: None) -> None:
        if self.reload is not None:
            self.reload()

    def _not_kept(self, _error: BaseException) -> None:
        # Not kept: do not reload over words that exist nowhere else; ask again.
        self._ask_about_conflict()
