"""Counting identifiers on the second core while the document is written.

An export that does not anonymise writes every typed text as it is: the
identifier scanner's findings go only into the warning at the end ("the
entries may contain 3 names"). So the scan can run beside the writing: a
forked process receives the texts through a pipe, in document order, scans
them with the same `scan` and sends back the counts by kind, in the order
they were first found (the order the warning names them in). When the
process falls behind (the pipe is full), the writer counts the next batch
itself instead of waiting; the batches' counts are joined in order.

Only where fork is safe and cheap (Linux) and there is a second core; the
caller counts in its own process otherwise. When the process fails,
`result` raises `BackgroundFailed` and the caller counts again itself: the
warning is never lost.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import struct
import sys
from collections import Counter

from reflect.core.privacy import WordLists, scan

# Texts are sent a batch at a time: fewer, larger writes through the pipe.
_BATCH_CHARS = 256_000
_HEADER = struct.Struct("!I")
_F_SETPIPE_SZ = 1031  # Linux: a larger pipe lets the writer run further ahead
_F_GETPIPE_SZ = 1032


class BackgroundFailed(Exception):
    """The counting process did not give its counts back."""


def available() -> bool:
    """Whether counting can go to a forked process here (Linux, more than one core)."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except OSError:
        return False


def count_texts(texts: list[str], words: WordLists, found: Counter[str]) -> None:
    """Add the kinds the scanner finds in each text to ``found`` (as `TextScreen.text` does)."""
    for text in texts:
        findings = scan(text, words)
        if findings:
            found.update(f.label for f in findings)


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts: list[bytes] = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class BackgroundCount:
    """A forked process counting identifiers in the texts given to `add`."""

    def __init__(self, words: WordLists) -> None:
        """Fork the process; `OSError` when the pipes or the fork cannot be made."""
        import fcntl

        texts_read, self._texts_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            with contextlib.suppress(OSError):  # the default size works, a little slower
                fcntl.fcntl(self._texts_write, _F_SETPIPE_SZ, 1 << 20)
            self._pipe_size = fcntl.fcntl(self._texts_write, _F_GETPIPE_SZ)
            self._pid = os.fork()
        except OSError:
            for fd in (texts_read, self._texts_write, result_read, result_write):
                os.close(fd)
            raise
        if self._pid == 0:  # pragma: no cover  (the child; its counts are checked in tests)
            status = 1
            try:
                # Nothing of the parent's is freed here (its journal connection
                # above all): no collection of cycles, and no unwinding below.
                gc.disable()
                os.close(self._texts_write)
                os.close(result_read)
                _child(texts_read, result_write, words)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no flushing the parent's buffers
        self._words = words
        os.close(texts_read)
        os.close(result_write)
        self._result_read = result_read
        self._pending: list[str] = []
        self._pending_chars = 0
        self._broken = False
        self._finished = False
        # Each batch in order: None for one sent to the process, else its counts made here.
        self._batches: list[Counter[str] | None] = []

    def add(self, text: str) -> None:
        """Count ``text`` (after the texts added before it)."""
        self._pending.append(text)
        self._pending_chars += len(text)
        if self._pending_chars >= _BATCH_CHARS:
            self._send()

    def extend(self, texts: list[str]) -> None:
        """Count each of ``texts``, in order (one call for an entry's texts)."""
        self._pending += texts
        self._pending_chars += sum(map(len, texts))
        if self._pending_chars >= _BATCH_CHARS:
            self._send()

    def _send(self) -> None:
        """Hand the pending texts to the process, or count them here when it is behind.

        When the pipe has no room for the batch, the process is still busy
        with earlier ones (the machine's other core is taken, say): rather
        than wait, this process counts the batch itself. Each batch's counts
        are joined in order at the end, so the order kinds were first found
        in is the same whoever counted them.
        """
        if not self._pending:
            return
        message = b""
        if not self._broken:
            data = pickle.dumps(self._pending, protocol=pickle.HIGHEST_PROTOCOL)
            message = _HEADER.pack(len(data)) + data
        if message and len(message) <= self._pipe_size - self._unread():
            try:
                _write_all(self._texts_write, message)  # fits: does not wait
                self._batches.append(None)
            except OSError:
                self._broken = True  # the process ended early: `result` says so
        else:
            here: Counter[str] = Counter()
            count_texts(self._pending, self._words, here)
            self._batches.append(here)
        self._pending = []
        self._pending_chars = 0

    def _unread(self) -> int:
        """Bytes in the pipe the process has not read yet."""
        import fcntl
        import termios

        answer = fcntl.ioctl(self._texts_write, termios.FIONREAD, b"\0\0\0\0")
        return int(struct.unpack("i", answer)[0])

    def result(self) -> Counter[str]:
        """The counts of every text added, by kind; waits for the process to finish."""
        self._send()
        self._close_texts()
        self._finished = True
        try:
            data = b""
            while part := os.read(self._result_read, 1 << 16):
                data += part
        finally:
            os.close(self._result_read)
            _, status = os.waitpid(self._pid, 0)
        if self._broken or status != 0 or not data:
            raise BackgroundFailed("the counting process ended without its counts")
        sent = iter(pickle.loads(data))
        found: Counter[str] = Counter()
        for batch in self._batches:
            found.update(Counter(dict(next(sent))) if batch is None else batch)
        return found

    def cancel(self) -> None:
        """Stop without the counts (the export failed): the process ends and is reaped."""
        if self._finished:
            return
        self._finished = True
        self._close_texts()
        with contextlib.suppress(OSError):
            os.close(self._result_read)
        os.waitpid(self._pid, 0)

    def _close_texts(self) -> None:
        if self._texts_write != -1:
            os.close(self._texts_write)
            self._texts_write = -1


def _child(texts_read: int, result_write: int, words: WordLists) -> None:  # pragma: no cover
    batches: list[list[tuple[str, int]]] = []
    while header := _read_exactly(texts_read, _HEADER.size):
        data = _read_exactly(texts_read, _HEADER.unpack(header)[0])
        if data is None:
            raise BackgroundFailed("the texts were cut short")
        found: Counter[str] = Counter()
        count_texts(pickle.loads(data), words, found)
        # Pairs keep the order kinds were first found in.
        batches.append(list(found.items()))
    _write_all(result_write, pickle.dumps(batches))
