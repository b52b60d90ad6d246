"""Progress of long commands on standard error, in plain words, only in a terminal.

    Checking the journal: 2 of 3 parts
    Importing: 40,000 of 100,000 entries
    Backing up the journal: 40%

Nothing is shown for a job done within about a second, nor when standard
error is not a terminal (a script, a pipe, a log file): there a moving line
is noise. The line is rewritten in place and ended when the job ends.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from reflect.core.progress import Progress

# Shown only once a job has run this long: a quick job stays quiet.
SHOW_AFTER = 1.0
# The line is rewritten at most this often, so a fast loop does not flood the terminal.
EVERY = 0.1


class TerminalProgress:
    """A `Progress` callback writing ``what: done of total unit`` to ``stream``."""

    def __init__(
        self,
        what: str,
        unit: str | None,
        stream: TextIO,
        *,
        show_after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.unit = unit
        self.stream = stream
        self.show_after = SHOW_AFTER if show_after is None else show_after
        self.clock = clock
        self.started = clock()
        self.shown_at: float | None = None
        self.width = 0
        self.ended = False

    def line(self, done: int, total: int) -> str:
        """The words shown for ``done`` of ``total``."""
        if self.unit is None:
            return f"{self.what}: {done * 100 // max(total, 1)}%"
        return f"{self.what}: {done:,} of {total:,} {self.unit}"

    def __call__(self, done: int, total: int) -> None:
        if self.ended:
            return  # the job said it had finished: a repeat of the last figure adds nothing
        now = self.clock()
        finished = done >= total
        if finished:
            self.ended = True
        if self.shown_at is None:
            if finished or now - self.started < self.show_after:
                return
        elif not finished and now - self.shown_at < EVERY:
            return
        self.shown_at = now
        words = self.line(min(done, total), total)
        self.stream.write("\r" + words.ljust(self.width))
        self.width = len(words)
        if finished:
            self.end()
        else:
            self.stream.flush()

    def end(self) -> None:
        """Close the line if one is open, so what is printed next starts on its own."""
        if self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal someone is watching."""
    return stream.isatty()


@contextmanager
def terminal_progress(
    what: str, unit: str | None = "entries", stream: TextIO | None = None
) -> Iterator[Progress | None]:
    """A `Progress` for ``what`` on standard error, or None when it is not a terminal.

    ``unit`` names what is counted; None shows a percentage. The line is
    ended on the way out, even when the job fails half way.
    """
    out = stream if stream is not None else sys.stderr
    if not is_terminal(out):
        yield None
        return
    reporter = TerminalProgress(what, unit, out)
    try:
        yield reporter
    finally:
        reporter.end()
