"""Kill the real app while someone is typing; the draft must be there on the next launch."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from reflect.core.prompts import PromptLibrary
from reflect.core.records import EntryFilter
from reflect.tui.screens.reflection import ReflectionScreen
from tests.tui.conftest import build


def wait_for(predicate, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def draft_text(db: Path) -> str | None:
    if not db.exists():
        return None
    with Journal.open(db, create=False) as journal:
        drafts = journal.list_entries(EntryFilter(status="draft")).items
        if not drafts:
            return None
        return journal.get_entry(drafts[0].id).answers[0].text


@pytest.mark.slow
async def test_sigkill_while_typing_loses_at_most_two_seconds(
    tmp_path: Path, library: PromptLibrary
) -> None:
    db = tmp_path / "journal.db"
    Journal.open(db).close()  # an existing journal: no first-run passphrase offer
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "REFLECT_DB": str(db)}
    env.pop("CI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflect", "new"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    screen_bytes = bytearray()

    def drain() -> None:  # keep the terminal's buffer empty so the app never blocks
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen_bytes.extend(chunk)

    threading.Thread(target=drain, daemon=True).start()
    try:
        assert wait_for(lambda: b"Case code" in screen_bytes), "the app did not start"
        os.write(master, b"CF-5150")
        time.sleep(0.3)
        os.write(master, b"\x0e")  # ctrl+n: start the draft
        assert wait_for(lambda: db.exists() and draft_text(db) == ""), "no draft was created"
        typed = "We talked at the kitchen table about the new school"
        for word in typed.split(" "):
            os.write(master, word.encode() + b" ")
            time.sleep(0.05)
        time.sleep(2.5)  # longer than the promise: everything typed must be saved
        assert proc.poll() is None, "the app exited on its own"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        os.close(master)
    assert proc.returncode == -signal.SIGKILL
    assert draft_text(db) == typed + " "

    # The next launch offers the draft, and enter opens it at the step it stopped at.
    with Journal.open(db) as journal:
        app = build(journal, library)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReflectionScreen)
            assert screen.step_index == 1
            assert screen.query_one("#answer").text == typed + " "


CRASHING_APP = """
import sys
from pathlib import Path
from reflect.core.journal import Journal
from reflect.core.prompts import load_library
from reflect.tui.app import ReflectApp


class Crashing(ReflectApp):
    def on_mount(self) -> None:
        answer_text = "Ottoline-private-words-on-screen"
        raise RuntimeError("a bug " + str(len(answer_text)))


journal = Journal.open(Path(sys.argv[1]))
Crashing(journal=journal, library=load_library()).run(headless=True, size=(80, 24))
journal.close()
"""


def test_the_crash_output_never_shows_local_variables(tmp_path: Path) -> None:
    """Textual prints locals in its tracebacks; Reflect's must not (they hold entry text)."""
    proc = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(tmp_path / "j.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "100"},
        check=False,
    )
    shown = proc.stdout + proc.stderr
    assert "RuntimeError" in shown and "a bug 32" in shown  # the bug is still shown
    # Textual's default prints the frame's locals, this string among them.
    assert "Ottoline-private-words-on-screen" not in shown
