"""What ``reflect restore`` says: when the backup was made, and what the restored journal lacks.

A restore puts back the journal as it was when the backup was made, so
anything written since is not in it. The file that was replaced (kept as a
backup, or moved aside when damaged) may still hold that writing: the words
say so, and say to keep that file, never to delete it first.
"""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.core.counting import counted
from reflect.core.dates import long_date

if TYPE_CHECKING:
    from reflect.core.recovery import Restored


def backup_made(source: Path) -> str:
    """When ``source`` was written, for example "Friday 27 November 2026 at 00:15".

    A backup is written once and renamed into place, so the time its file
    was last changed is the time it was made (or last copied).
    """
    moment = datetime.fromtimestamp(source.stat().st_mtime)
    return f"{long_date(moment.date(), weekday=True)} at {moment:%H:%M}"


def restore_question(source: Path, entries: int, made: str) -> str:
    """The question before a restore: the backup, its entries and when it was made."""
    return (
        f"Replace the journal with {source.name} ({counted(entries, 'entry', 'entries')}, "
        f"made {made})? Anything written in the journal after then will not be in it; "
        "the journal as it is now is kept first."
    )


def after_restore(
    done: Restored, source: Path, made: str, *, aside_readable: bool, journal_option: str = ""
) -> str:
    """What was restored, what is missing from it, and which file may still hold that.

    ``aside_readable`` says the file moved aside is not encrypted.
    ``journal_option`` is the ``--db FILE`` the restore was given, if any, for
    the command that puts the kept journal back.
    """
    said = [f"Restored {counted(done.entries, 'entry', 'entries')} from {source}."]
    if done.kept is None:  # there was no journal: nothing written since can be missing
        return said[0]
    if done.replaced_entries is not None:
        said.append(
            f"The journal you replaced had {counted(done.replaced_entries, 'entry', 'entries')}; "
            f"the backup has {done.entries}."
        )
    said.append(
        f"Anything written after the backup was made ({made}) is not in the restored journal."
    )
    if done.moved_aside:
        said.append(
            f"The journal as it was could not be opened; it was moved to {done.kept}, and may "
            "still hold that writing: keep that file until you are sure nothing is missing."
        )
        if aside_readable:
            said.append(
                "That file is not encrypted: anyone who can read this computer's disk can "
                "read it, so delete it once you are sure."
            )
    else:
        kept = shlex.quote(str(done.kept))
        said.append(
            f"The journal as it was is kept in {done.kept}, with anything written since: "
            "keep that file until you are sure nothing is missing. "
            f"To read it: reflect --db {kept} list (or export, or search); "
            f"to put it back: reflect {journal_option}restore {kept}"
        )
    return " ".join(said)
