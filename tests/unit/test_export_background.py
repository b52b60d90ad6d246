"""Counting identifiers on a forked process gives exactly what counting in process gives.

The command line's export (not anonymised) hands its texts to a forked
process (reflect/core/export/background.py). Here the plain way, `scan`
over each text in order in this process, is the reference: the same counts
in the same order of kinds, when the process does all of it, when this
process takes batches over, and when the process fails.
"""

from __future__ import annotations

import io
import os
import sys
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from reflect.core.export import ExportScope, export_to_stream
from reflect.core.export import background as background_module
from reflect.core.export.anonymise import TextScreen
from reflect.core.export.background import BackgroundCount, BackgroundFailed, count_texts
from reflect.core.privacy import WordLists
from reflect.core.reading import Reader

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="counts in process elsewhere")

WHEN = datetime(2026, 11, 20, 9, 30)
WORDS = WordLists.of(allow=["Oakfield"], flag=["blue door"])
# Fictional details of every kind, in an order where each kind first shows up late.
TEXTS = [
    "Nothing to note today.",
    "Visited with her mum Chantelle at Oakfield.",
    "Call back on 07700 900123 before Friday.",
    "",
    "Post to 14 Elm Road, LS6 2AB, by the blue door.",
    "Email j.doe@example.org; NHS 943 476 5919.",
    "Tyler (7) and Ava said hello. NI number QQ 12 34 56 C.",
    "Born on 3 March 2015, she said.",
] * 40


def in_process(texts: list[str], words: WordLists = WORDS) -> list[tuple[str, int]]:
    found: Counter[str] = Counter()
    count_texts(texts, words, found)
    return list(found.items())


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # Many batches from few texts, so sending, sharing and joining are all exercised.
    monkeypatch.setattr(background_module, "_BATCH_CHARS", 300)


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background_module, "available", lambda: True)


def test_the_process_counts_what_this_process_counts(small_batches: None) -> None:
    counting = BackgroundCount(WORDS)
    for text in TEXTS[:100]:
        counting.add(text)
    counting.extend(TEXTS[100:])
    expected = in_process(TEXTS)
    assert len(expected) >= 7  # names, phones, postcodes, addresses, emails, NHS, flagged...
    assert list(counting.result().items()) == expected


def test_batches_taken_over_here_join_in_order(
    small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = BackgroundCount(WORDS)
    full = iter([False, True, True, False] * 100)
    # The pipe looks full every other batch or so: this process counts those.
    monkeypatch.setattr(
        BackgroundCount, "_unread", lambda self: self._pipe_size if next(full) else 0
    )
    for text in TEXTS:
        counting.add(text)
    shared = counting._batches
    assert any(b is None for b in shared) and any(b is not None for b in shared)
    assert list(counting.result().items()) == in_process(TEXTS)


def test_a_failed_process_says_so_and_is_reaped(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise RuntimeError("out of memory, say")

    monkeypatch.setattr(background_module, "_child", fail)
    counting = BackgroundCount(WORDS)
    counting.extend(TEXTS)
    with pytest.raises(BackgroundFailed):
        counting.result()
    with pytest.raises(ChildProcessError):
        os.waitpid(counting._pid, os.WNOHANG)


def test_a_cancelled_count_leaves_no_process(small_batches: None, two_cores: None) -> None:
    screen = TextScreen(anonymise=False, words=WORDS)
    assert screen.count_in_background()
    for text in TEXTS:
        screen.text(text)
    assert screen._background is not None
    pid = screen._background._pid
    screen.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_an_anonymised_document_never_counts_in_the_background() -> None:
    assert TextScreen(anonymise=True).count_in_background() is False


@pytest.mark.parametrize("fmt", ["markdown", "html", "archive"])
def test_the_export_is_the_same_with_the_count_in_the_background(
    sample_copy: Callable[[Path, int, int], Path],
    journal_path: Path,
    two_cores: None,
    small_batches: None,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    sample_copy(journal_path, 120, 7)
    reader = Reader.open(journal_path)
    assert reader is not None
    with reader:
        scope = ExportScope(include_drafts=True)
        plain, beside = io.BytesIO(), io.BytesIO()
        expected = export_to_stream(reader, scope, plain, fmt=fmt, generated=WHEN)
        found = export_to_stream(reader, scope, beside, fmt=fmt, generated=WHEN, background=True)
        assert beside.getvalue() == plain.getvalue()
        assert list(found.identifiers.items()) == list(expected.identifiers.items())
        assert found.identifiers  # the sample names people
        # When the process fails, the export counts again itself: the same warning.
        monkeypatch.setattr(background_module, "_child", lambda *_: os._exit(1))
        again = export_to_stream(
            reader, scope, io.BytesIO(), fmt=fmt, generated=WHEN, background=True
        )
        assert list(again.identifiers.items()) == list(expected.identifiers.items())


def test_no_fork_to_be_had_counts_here(two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    screen = TextScreen(anonymise=False, words=WORDS)
    assert screen.count_in_background() is False
    for text in TEXTS:
        screen.text(text)
    assert list(screen.found.items()) == in_process(TEXTS)
