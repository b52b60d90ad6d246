"""Where the supervision agenda is written: a folder the worker chose, a name never taken.

The app's agenda screen and ``reflect supervision agenda --folder`` share
these, so both say the same plain sentence about a folder that cannot be
used, and both keep a file already there (last week's agenda with the
worker's notes added): the agenda takes the next free name.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from reflect.core.errors import FileExists, FileMissing, NotWritable

# More than this many agendas of one day in one folder is a mistake, not a need.
MAX_SAME_DAY = 999


def agenda_stem(day: date) -> str:
    """The agenda's file name for ``day``, without ``.md``."""
    return f"supervision-agenda-{day:%Y-%m-%d}"


def folder_problem(folder: Path) -> FileMissing | NotWritable | None:
    """Why the agenda cannot be written in ``folder``, as a catalogue error; None if it can."""
    if not folder.exists():
        return FileMissing(f"The folder {folder} does not exist: choose one that does.")
    if not folder.is_dir():
        return FileMissing(f"{folder} is a file, not a folder: choose a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        return NotWritable(f"Reflect cannot write in {folder}: choose a folder you can write to.")
    return None


def chosen_folder(typed: str) -> Path | None:
    """The folder the worker typed, with ``~`` expanded, as a full path; None if nothing."""
    return Path(typed.strip()).expanduser().absolute() if typed.strip() else None


def free_name(folder: Path, stem: str) -> Path:
    """``folder/stem.md``, or ``stem-2.md`` and on if taken: where the agenda would go now."""
    for number in range(1, MAX_SAME_DAY + 1):
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        if not path.exists():
            return path.absolute()
    raise FileExists(f"{folder} already holds {MAX_SAME_DAY} agendas named {stem}: move some away.")


def write_free_name(folder: Path, stem: str, text: str) -> Path:
    """Write ``text`` to ``folder/stem.md``, or ``stem-2.md`` and on if taken; the full path.

    A folder that is missing or cannot be written is refused in one sentence
    (`folder_problem`). Each try refuses an existing file (no ``force``), so
    a file that appears between the look and the write is still never replaced.
    """
    from reflect.core.export import write_atomic

    problem = folder_problem(folder)
    if problem is not None:
        raise problem
    for number in range(1, MAX_SAME_DAY + 1):
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        if path.exists():
            continue
        try:
            write_atomic(path, text)
        except FileExists:
            continue
        return path.absolute()
    raise FileExists(f"{folder} already holds {MAX_SAME_DAY} agendas named {stem}: move some away.")
