"""Replacing a file all at once: the one routine every whole-file write goes through.

A temporary file is written in the same folder as the target (so the rename
cannot cross file systems), flushed to disk with fsync, made private (0600),
renamed over the target in one step, and the folder itself is fsynced so the
rename survives a power cut. Export, encryption, backup and restore all use
`replace_atomically`; a crash leaves either the old file or the new one,
plus at worst a hidden temporary file that `reflect.core.leftovers` removes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from reflect.core.lock import try_lock

# Every temporary copy starts with a dot and the target's name, and ends so.
TEMP_SUFFIX = ".partial"


def temporary_for(target: Path) -> Path:
    """The hidden temporary file beside ``target`` that becomes it."""
    return target.with_name(f".{target.name}{TEMP_SUFFIX}")


def fsync_file(path: Path) -> None:
    """Flush ``path``'s contents to the disk."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to the disk, where the platform allows."""
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def held(temp: Path) -> Iterator[None]:
    """Create ``temp`` empty and hold a lock on it while it is written.

    The lock tells `reflect.core.leftovers` that the file is being written,
    not left over; a second writer of the same file is refused.
    """
    from reflect.core.errors import JournalInUse

    fd = os.open(temp, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not try_lock(fd):
            raise JournalInUse(
                f"{temp.parent} is being written by another Reflect right now; "
                "try again in a moment."
            )
        os.ftruncate(fd, 0)  # whatever an interrupted run left is not part of this one
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def replacing(
    target: Path, *, temporary: Path | None = None, replace: bool = True
) -> Iterator[Path]:
    """Yield a temporary path to fill; on success it replaces ``target`` atomically.

    The temporary file exists (empty) when the body starts. If the body
    raises (or the check it runs fails), the temporary file is removed and
    ``target`` is untouched. With ``replace`` False a file already at
    ``target`` when the new one is put in place is left as it is, and
    `FileExistsError` is raised.
    """
    target = Path(target)
    temp = temporary or temporary_for(target)
    refuse_unless_file(target)
    try:
        with held(temp):
            try:
                yield temp
                put_in_place(temp, target, replace=replace)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    temp.unlink()
                raise
    except OSError as exc:
        # The hidden temporary is Reflect's business: a message names the file asked for.
        if temp_named(exc, temp):
            raise type(exc)(exc.errno, exc.strerror, str(target)) from None
        raise


def temp_named(exc: OSError, temp: Path) -> bool:
    """Whether ``exc`` is about the temporary file (as its first or second file name)."""
    return str(temp) in (str(exc.filename), str(exc.filename2))


def refuse_unless_file(target: Path) -> None:
    """Refuse to replace anything at ``target`` that is not a regular file (or nothing).

    A rename over a device, a pipe or a socket would put a file in its place
    (``/dev/full`` became one); a folder cannot be replaced at all. A link is
    followed: a link to a pipe is refused too.
    """
    from reflect.core.errors import NotAFile

    try:
        mode = target.stat().st_mode
    except OSError:
        return  # nothing there (or a dangling link): the rename makes the file
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a file (a device, pipe or socket)"
        raise NotAFile(f"{target} is {kind}, so Reflect will not write over it: give a file name.")


def put_in_place(temp: Path, target: Path, *, replace: bool = True) -> None:
    """Make the finished ``temp`` private, flush it, rename it over ``target``, flush the folder.

    With ``replace`` False the name is taken with a hard link, which fails
    with `FileExistsError` if a file appeared there since anyone looked: a
    look then a rename would replace a file made in between. Where links
    are not allowed (some USB sticks' file systems), the look and rename is
    the best there is.
    """
    os.chmod(temp, 0o600)
    fsync_file(temp)
    if replace:
        os.replace(temp, target)
    else:
        try:
            os.link(temp, target)
        except FileExistsError:
            raise
        except OSError:
            if target.exists():
                raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
            os.replace(temp, target)
        else:
            temp.unlink()
    fsync_folder(target.parent)


def replace_atomically(target: Path, fill: Callable[[Path], None]) -> None:
    """Write ``target`` all at once: ``fill`` writes a temporary path, which then replaces it."""
    with replacing(target) as temp:
        fill(temp)


def write_text_atomically(target: Path, text: str) -> None:
    """Replace ``target`` with ``text`` (UTF-8, newlines as written) all at once."""

    def fill(temp: Path) -> None:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    replace_atomically(target, fill)
