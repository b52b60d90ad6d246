"""Saving every screen's words however the app ends: quitting, ctrl+c, a closed terminal, a crash.

`SavingApp` is the part of the app that keeps issue 13's promise on the way
out. Every screen that saves as it is typed registers its `Saver` in
``text_savers`` (see widgets/saver.py); quitting saves every open screen first
and stays open if that fails; closing signals save (retrying for a few
seconds) and then end the process; and `run` saves once more from the save
states themselves, in case the screens are already gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import unicodedata
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

from reflect.tui.quiet_collector import QuietCollector

if TYPE_CHECKING:
    from reflect.tui.widgets.saver import Saver

# Signals that end the app from outside: the terminal window closed (SIGHUP),
# the system stopping programs (SIGTERM), an interrupt (SIGINT). Each saves first.
CLOSING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, name)
)

# The longest a key's action waits for the keys typed before it to reach their
# field (a safety net: it takes microseconds unless the field is stuck).
KEYS_WAIT = 1.0


class SavingApp(App[None]):
    """An app that saves what its screens hold before it ends, whichever way it ends."""

    def __init__(self) -> None:
        super().__init__()
        # Every screen that saves text as it is typed (see widgets/saver.py), so
        # its words can be saved as the app closes, whichever way it closes.
        self.text_savers: list[Saver] = []
        self._closing = False
        # True while the app handles a key the focused field has already had
        # and passed on (see `run_action`).
        self._key_passed_on = False
        # Python's full collections, held for a pause in the typing.
        self.quiet_collector = QuietCollector()

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the app; whatever ends it (a closed terminal, a crash), unsaved words are saved."""
        try:
            return super().run(*args, **kwargs)
        finally:
            self._save_after_closing()

    def _save_after_closing(self) -> None:
        # The screens may be gone: save what each save state holds, without the screen.
        for saver in self.text_savers:
            try:
                saver.save_on_the_spot(report=False)
            except Exception:
                continue

    async def on_event(self, event: events.Event) -> None:
        """Pass typed joiners and direction marks on as text, not as keys.

        Textual's fields insert only printable keys, and a zero-width joiner
        (the U+200D inside "👨‍👧"), a right-to-left mark or a soft hyphen is
        a format character, not printable: typed, it was dropped, so the
        words saved were not the words written. A paste kept them. So each
        is handed on as a one-character paste, in its place among the keys.
        """
        if isinstance(event, events.Key):
            self.quiet_collector.key_pressed()
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and event.character is not None
            and len(event.character) == 1
            and unicodedata.category(event.character) == "Cf"
        ):
            as_text = events.Paste(event.character)
            as_text.set_sender(self)
            event = as_text
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and await self._field_key_in_its_place(event)
        ):
            return
        if not (isinstance(event, events.Key) and event.is_forwarded):
            await super().on_event(event)
            return
        self._key_passed_on = True
        try:
            await super().on_event(event)
        finally:
            self._key_passed_on = False

    async def _field_key_in_its_place(self, key: events.Key) -> bool:
        """Run a key typed into a writing field (backspace, an arrow, tab) in its place.

        Textual inserts a letter in the field's own queue, but a key bound to
        an action (backspace, delete, the arrows, tab to the next field,
        escape) goes round: the field passes it back to the app, which runs
        the action after every key already waiting for the app. In a burst
        ("teh", two backspaces, "he") the letters typed after the backspace
        went in first and "tehhe" was saved, and letters typed after tab
        stayed in the field before (Textual issue 6605). So such a key is run
        here, as the app takes it, once the letters before it are in the
        field. True when it was run; False leaves the key to Textual as usual.
        """
        from textual.widgets import Input, TextArea

        field = self.focused
        if key.is_printable or not isinstance(field, Input | TextArea):
            return False
        if isinstance(field, TextArea) and not field.read_only:
            # Keys the writing box types itself, not through a binding.
            typed = {"enter"} | ({"tab", "escape"} if field.tab_behavior == "indent" else set())
            if key.key in typed:
                return False
        # What the key would do: the first binding for it, from the field up,
        # whose action runs. A priority key already runs as the app takes it,
        # after the letters before it (`run_action`). An action that does not
        # apply (the field's "down" scrolls, and a one-line box cannot) passes
        # the key up, as Textual would: left to Textual, that key went the long
        # way round, and "enter" typed just after it ran first (review 25).
        chain = [
            (node, binding)
            for node, bindings in self.screen._modal_binding_chain
            for binding in bindings.key_to_bindings.get(key.key, [])
        ]
        if not chain or any(binding.priority for _node, binding in chain):
            return False
        await self.keys_arrived()
        self._key_passed_on = True  # no second wait in run_action
        try:
            for node, binding in chain:
                if self._check_action_state(binding.action, node) and await self.run_action(
                    binding.action, node
                ):
                    return True
            return False
        finally:
            self._key_passed_on = False

    async def run_action(
        self,
        action: Any,
        default_namespace: Any = None,
        namespaces: Any = None,
    ) -> bool:
        """Run an action once every key typed before it has reached the focused field.

        The app passes typed letters on to the focused field's own queue, but
        runs the actions of its own keys (ctrl+q, and a screen's ctrl+s, ctrl+n,
        ctrl+g) at once: a burst of letters then ctrl+q saved what the writing
        box held before the last letters reached it (review 20, defect 4).

        Not for a key the field has already had and passed on (backspace,
        the arrows: the field's own keys come back to the app to be run):
        every key typed before it has reached the field, and waiting would
        let the letters typed after it in first ("teh", two backspaces,
        "he" was saved as "tehhe").
        """
        if not self._key_passed_on:
            await self.keys_arrived()
        return await super().run_action(action, default_namespace, namespaces)

    async def keys_arrived(self) -> None:
        """Wait until the focused field has handled every key already passed to it."""
        field = self.focused
        if field is None or asyncio.current_task() is field._task:
            return  # nothing to wait for, or the field itself asked (it cannot wait on itself)
        arrived = asyncio.Event()
        # Handled after everything already in the field's queue, in order.
        if not field.call_later(arrived.set):
            return  # the field is closing: nothing more will reach it
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(arrived.wait(), KEYS_WAIT)

    def save_everything(self) -> str | None:
        """Save every open screen's unsaved words on the spot; why not, if something failed."""
        from reflect.core.files import plain_message

        for screen in self.screen_stack:
            save = getattr(screen, "save_blocking", None)
            if save is None:
                continue
            try:
                save()
            except Exception as exc:
                return plain_message(exc)
        return None

    async def action_quit(self) -> None:
        """Quit, saving any words not yet in the journal first."""
        problem = self.save_everything()
        if problem:
            said = (
                f"Not quitting: your latest words are not saved ({problem.rstrip('.')}). "
                "They stay on screen and Reflect keeps trying."
            )
            saver = next((s for s in self.text_savers if s.screen is self.screen), None)
            if saver is not None:
                # The status line of the screen being written on: a notice
                # would cover the very words that could not be saved.
                saver.refuse_quit(said)
            elif hasattr(self.screen, "set_status"):
                self.screen.set_status(said, failed=True)  # before a new draft's first save
            else:
                self.notify(said, title="Not saved", severity="error")
            return
        self.exit()

    def action_help_quit(self) -> None:
        """ctrl+c: save what is on screen now, then say how to quit (it also copies)."""
        for saver in self.text_savers:
            if saver.screen in self.screen_stack:
                saver.save_now()
        super().action_help_quit()

    def _catch_closing_signals(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in CLOSING_SIGNALS:
            # Not every system's event loop can (Windows): there, quitting saves as before.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, self._closing_signal, signum)

    def _closing_signal(self, signum: int) -> None:
        if self._closing:
            return
        self._closing = True
        self.run_worker(self._save_and_exit(signum), group="closing", exit_on_error=False)

    async def _save_and_exit(self, signum: int) -> None:
        import os
        import threading

        # Keys already read from the terminal are handled first, so the last
        # words typed before the window closed are in their text areas.
        await asyncio.sleep(0.05)
        await self.keys_arrived()
        # A failing save is tried for a while (a system shutting down allows
        # a few seconds); run() saves once more from the save states at the end.
        for _ in range(5):
            if self.save_everything() is None:
                break
            await asyncio.sleep(1.0)
        # A closed terminal can leave Textual waiting for it while restoring it
        # (a hang-up also sends SIGCONT, which restarts its input): once the
        # words are saved, the process must end even so.
        if not self.is_headless:
            ending = threading.Timer(2.0, os._exit, args=(128 + signum,))
            ending.daemon = True
            ending.start()
        self.exit(return_code=128 + signum)
