"""Every way of leaving saves what is on screen first, driven through a real terminal.

The app runs in a pseudo-terminal that is its controlling terminal, as in a
terminal window. Words are typed (or pasted), and within 0.3 seconds the
window is closed (the terminal hangs up: SIGHUP), the system asks the app to
stop (SIGTERM), or the person presses ctrl+q, escape or ctrl+c. On the next
open every word is there.
"""

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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reflect.core.journal import Journal
from tests.tui.test_crash import draft_text, wait_for

# A paste and a few typed words: every one of them must survive.
PASTED = "Mum said the new school is better and Sam smiled for the first time"
TYPED = " then we planned the review"


@dataclass
class Terminal:
    """The app running in a pseudo-terminal; ``screen`` is everything it drew."""

    proc: subprocess.Popen[bytes]
    master: int
    screen: bytearray = field(default_factory=bytearray)
    closed: bool = False

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def hang_up(self) -> None:
        """Close the window: the terminal goes away and the app gets SIGHUP."""
        self.closed = True
        os.close(self.master)


def _controlling_terminal() -> None:  # runs in the child before exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@contextmanager
def app_in_terminal(db: Path, command: tuple[str, ...] = ("new",)) -> Iterator[Terminal]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "REFLECT_DB": str(db)}
    env.pop("CI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflect", *command],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        preexec_fn=_controlling_terminal,  # before exec: the terminal becomes the controlling one
    )
    os.close(slave)
    term = Terminal(proc, master)

    def drain() -> None:  # keep the terminal's buffer empty so the app never blocks
        while not term.closed:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            term.screen.extend(chunk)

    threading.Thread(target=drain, daemon=True).start()
    try:
        yield term
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        if not term.closed:
            os.close(master)


def start_draft(term: Terminal, db: Path) -> None:
    assert wait_for(lambda: b"Case code" in term.screen), "the app did not start"
    term.write(b"CF-6020")
    time.sleep(0.3)
    term.write(b"\x0e")  # ctrl+n: start the draft
    assert wait_for(lambda: draft_text(db) == ""), "no draft was created"


def type_then_leave(term: Terminal, leave: str) -> None:
    """Paste, type a few words, and leave ``leave``'s way within 0.3 seconds."""
    term.write(PASTED.encode())
    for word in TYPED.split(" ")[1:]:
        term.write(b" " + word.encode())
        time.sleep(0.02)
    time.sleep(0.15)  # well inside the 1-second autosave: only leaving can save these
    if leave == "close the window":
        term.hang_up()
    elif leave == "SIGTERM":
        term.proc.send_signal(signal.SIGTERM)
    elif leave == "SIGINT":
        term.proc.send_signal(signal.SIGINT)
    elif leave == "ctrl+q":
        term.write(b"\x11")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "journal.db"
    Journal.open(path).close()  # an existing journal: no first-run passphrase offer
    return path


@pytest.mark.slow
@pytest.mark.parametrize("leave", ["close the window", "SIGTERM", "SIGINT", "ctrl+q"])
def test_leaving_within_a_third_of_a_second_keeps_every_word(db: Path, leave: str) -> None:
    with app_in_terminal(db) as term:
        start_draft(term, db)
        type_then_leave(term, leave)
        term.proc.wait(timeout=20)  # it ends by itself
    assert draft_text(db) == PASTED + TYPED


@pytest.mark.slow
@pytest.mark.parametrize("key", [b"\x1b", b"\x03"], ids=["escape", "ctrl+c"])
def test_escape_and_ctrl_c_save_at_once(db: Path, key: bytes) -> None:
    """They do not end the process; they save straight away (a kill 0.6 s later loses nothing)."""
    with app_in_terminal(db) as term:
        start_draft(term, db)
        type_then_leave(term, "stay")
        term.write(key)
        time.sleep(0.6)  # less than the autosave delay plus its save
        os.killpg(term.proc.pid, signal.SIGKILL)
        term.proc.wait(timeout=10)
    assert draft_text(db) == PASTED + TYPED


def session_notes(db: Path) -> str | None:
    journal = Journal.open(db)
    try:
        drafts = journal.session_drafts()
    finally:
        journal.close()
    return drafts[0].notes if drafts else None


@pytest.mark.slow
@pytest.mark.parametrize("leave", ["close the window", "SIGTERM", "ctrl+q"])
def test_leaving_a_supervision_session_straight_after_typing_keeps_every_word(
    db: Path, leave: str
) -> None:
    """On the session screen too, the app's quitting and closing save what is typed."""
    with app_in_terminal(db, ()) as term:  # the home screen
        assert wait_for(lambda: b"Supervision" in term.screen), "the app did not start"
        time.sleep(0.3)
        term.screen.clear()
        term.write(b"s")
        assert wait_for(lambda: b"bring to supervision" in term.screen), "no supervision screen"
        time.sleep(0.3)
        term.screen.clear()
        term.write(b"r")
        assert wait_for(lambda: b"agreed" in term.screen), "no session screen"
        time.sleep(0.3)
        term.write(b"\t\t")  # from the initials, past the date, to the notes
        time.sleep(0.1)
        type_then_leave(term, leave)
        term.proc.wait(timeout=20)  # it ends by itself
    assert session_notes(db) == PASTED + TYPED
