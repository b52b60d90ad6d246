"""Exporting: read the scope from the journal, render it in a format, write it as it renders."""

from __future__ import annotations

import contextlib
import io
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reflect.core.collector import no_cycle_collection
from reflect.core.export.registry import get_format
from reflect.core.export.scope import Document, ExportScope, Progress, TitleBlock
from reflect.core.export.writing import write_atomic
from reflect.core.privacy import describe_counts

if TYPE_CHECKING:
    from reflect.core.reading import ReadMixin


@dataclass
class ExportResult:
    """What went into the document, and identifiers the scanner found in the typed text.

    ``text`` holds the document only when it was made in memory (`export`).
    """

    text: str
    entries: int
    sessions: int
    identifiers: Counter[str] = field(default_factory=Counter)
    # What anonymising replaced, by kind (labels such as "name"); empty otherwise.
    masked: Counter[str] = field(default_factory=Counter)

    def identifiers_summary(self) -> str:
        """For example "2 postcodes and 1 phone number" (empty when none)."""
        return describe_counts(self.identifiers)

    def masked_summary(self) -> str:
        """For example "3 names and 1 postcode" (empty when nothing was masked)."""
        return describe_counts(self.masked)


def export_to_stream(
    journal: ReadMixin,
    scope: ExportScope,
    out: BinaryIO,
    *,
    fmt: str = "markdown",
    title: TitleBlock | None = None,
    generated: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the document for ``scope`` in ``fmt`` to ``out`` as it is rendered."""
    chosen = get_format(fmt)
    doc = Document(
        journal,
        scope,
        title=title,
        generated=generated,
        progress=progress,
        anonymise=chosen.anonymises(scope),
    )
    # The command's main thread only: in the app, export runs in a worker and
    # the collector is the app's to schedule (reflect.tui.quiet_collector).
    command = threading.current_thread() is threading.main_thread()
    with no_cycle_collection() if command else contextlib.nullcontext():
        chosen.render(doc, out)
    # The document is written: now keep what the check found that was not kept.
    doc.screen.write_back()
    items, sessions = doc.counts()
    found = doc.identifiers
    return ExportResult("", items, sessions, found, found if doc.screen.anonymise else Counter())


def export_to_file(
    journal: ReadMixin,
    scope: ExportScope,
    path: Path,
    *,
    fmt: str = "markdown",
    force: bool = False,
    title: TitleBlock | None = None,
    generated: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the document to ``path`` all at once (private; an existing file needs ``force``)."""
    results: list[ExportResult] = []

    def render(out: BinaryIO) -> None:
        results.append(
            export_to_stream(
                journal, scope, out, fmt=fmt, title=title, generated=generated, progress=progress
            )
        )

    write_atomic(path, render, force=force)
    return results[0]


def export(
    journal: ReadMixin,
    scope: ExportScope,
    *,
    fmt: str = "markdown",
    title: TitleBlock | None = None,
    generated: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """The document in memory (a text format), for previews and tests."""
    if not get_format(fmt).text:
        raise ValueError(f"{fmt} is not a text format: use export_to_file.")
    buffer = io.BytesIO()
    result = export_to_stream(
        journal, scope, buffer, fmt=fmt, title=title, generated=generated, progress=progress
    )
    result.text = buffer.getvalue().decode("utf-8")
    return result
