"""Python's cycle collector paused while a command makes many short-lived objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the block, and as it was after.

    Reading or writing a term's entries makes hundreds of thousands of small
    objects (rows, answers, entries), none in a cycle, and each collection
    walked them all again: about 5% of an import (it ran about 250 times in
    a term's) and 6% of a term's export. Memory is still freed as each object
    is let go; only objects in cycles wait for the block's end.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
