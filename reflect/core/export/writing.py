"""Writing a document to a file all at once, so a failed export never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

Writer = Callable[[BinaryIO], None]


def write_atomic(path: Path, content: str | bytes | Writer, *, force: bool = False) -> None:
    """Write ``content`` to ``path`` all at once: a temporary file beside it, fsync, rename.

    ``content`` is text, bytes, or a function that writes to the open file, so a
    long document goes to disk as it is rendered. The file is private (0600).
    An existing file is refused unless ``force``.
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists: choose another name, or use --force.")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"The folder {path.parent} does not exist.")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, str):
                handle.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                handle.write(content)
            else:
                content(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
