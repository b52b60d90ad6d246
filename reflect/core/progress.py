"""Progress of long jobs: the one callback type every long job in core reports through.

A job (check, backup, restore, encrypt, decrypt, import, export) takes an
optional ``progress`` and calls ``progress(done, total)`` as it goes, ``done``
rising from 0 to ``total``. What ``done`` counts (entries, files, parts of a
check) is the job's to say in its docstring; the terminal and the app decide
how, and whether, to show it. Core never prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Progress = Callable[[int, int], None]
"""``progress(done, total)``: ``done`` of ``total`` units of a long job are finished."""


def tell(progress: Progress | None, done: int, total: int) -> None:
    """Call ``progress`` if there is one; jobs use this so ``None`` means no one is listening."""
    if progress is not None:
        progress(done, total)


def part(progress: Progress | None, start: int, end: int, total: int) -> Progress | None:
    """A callback for one stage of a longer job: units ``start`` to ``end`` of ``total``.

    The stage counts in its own units (pages, entries); they are spread over
    its share, so the whole job's figure only ever rises.
    """
    if progress is None:
        return None

    def stage(done: int, of: int) -> None:
        progress(start + (min(done, of) * (end - start)) // max(of, 1), total)

    return stage


@contextmanager
def heartbeat(
    dbapi_conn: Any, progress: Progress | None, done: int, total: int, every: int = 200_000
) -> Iterator[None]:
    """Say ``done`` of ``total`` again and again while SQLite works on one long statement.

    An integrity check or a VACUUM of a large journal is one statement that
    reports nothing for many seconds; SQLite's progress handler, called every
    ``every`` steps of its virtual machine, keeps the line alive meanwhile.
    """
    if progress is None:
        yield
        return

    def beat() -> int:
        progress(done, total)
        return 0  # go on

    dbapi_conn.set_progress_handler(beat, every)
    try:
        yield
    finally:
        dbapi_conn.set_progress_handler(None, every)
