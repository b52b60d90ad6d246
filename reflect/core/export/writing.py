"""Writing a document to a file all at once, so a failed export never leaves half a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reflect.core.atomic import replacing
from reflect.core.errors import FileExists, FileMissing, cannot_write, folder_missing

Writer = Callable[[BinaryIO], None]


def write_atomic(path: Path, content: str | bytes | Writer, *, force: bool = False) -> None:
    """Write ``content`` to ``path`` all at once, through `reflect.core.atomic`.

    ``content`` is text, bytes, or a function that writes to the open file, so a
    long document goes to disk as it is rendered. The file is private (0600).
    An existing file is refused unless ``force``, even one that appears while
    the document is written (it is never replaced).
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExists(f"{path} already exists: choose another name, or use --force.")
    if not path.parent.is_dir():
        raise FileMissing(folder_missing(path.parent))
    try:
        with replacing(path, replace=force) as temporary, temporary.open("wb") as handle:
            if isinstance(content, str):
                handle.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                handle.write(content)
            else:
                content(handle)
    except FileExistsError:
        # Made by someone else while this was written: theirs stays.
        raise FileExists(f"{path} already exists: choose another name, or use --force.") from None
    except OSError as exc:
        # A folder that takes no new files (/proc), a device's error: one sentence, no traceback.
        raise cannot_write(exc, path) from None
