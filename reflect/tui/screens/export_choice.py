"""What the export screen's form chooses, the preview of what it would write, and writing it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from rich.text import Text

from reflect.core.counting import what_was_exported
from reflect.core.export import ExportScope, TitleBlock, export, export_to_file
from reflect.core.export.settings import ExportSettings
from reflect.core.journal import Journal
from reflect.core.records import TermView
from reflect.core.render import escape_text

CUSTOM = "custom"
PREVIEW_LINES = 80


def default_folder() -> Path:
    """Where exports go unless the worker says otherwise: Documents if there is one."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


# The preview shows the document as Markdown for every reading format (the
# same words); an archive is shown as its own lines, the CPD records as plain text.
PREVIEW_FORMAT = {"html": "markdown", "docx": "markdown"}
CHECKBOXES = {
    "flagged_only": "#export-flagged",
    "include_drafts": "#export-drafts",
    "anonymise": "#export-anonymise",
}


@dataclass(frozen=True)
class Choice:
    """What the worker has chosen on the screen."""

    scope: ExportScope
    fmt: str


def preview(
    journal: Journal, choice: Choice, title: TitleBlock, generated: datetime | None = None
) -> tuple[str, str]:
    """The start of the document the choice would write (made at ``generated``), and a sentence."""
    fmt = PREVIEW_FORMAT.get(choice.fmt, choice.fmt)
    result = export(journal, choice.scope, fmt=fmt, title=title, generated=generated)
    head = "\n".join(result.text.split("\n")[:PREVIEW_LINES])
    if fmt == "cpd":
        # Plain text: escaped so the preview shows it as written, wrapped to the pane.
        head = escape_text(head)
    elif fmt == "archive":
        head = "```\n" + head.replace("```", "` ` `") + "\n```"
    summary = what_was_exported(fmt, result.entries, result.sessions) + "."
    if choice.scope.anonymise and result.masked:
        summary += (
            f"\nThe scanner replaced {result.masked_summary()}; it cannot find "
            "everything, so read it through."
        )
    if result.identifiers and not choice.scope.anonymise:
        summary += (
            f"\nPlease check: the entries may contain {result.identifiers_summary()}. "
            "Replacing case codes replaces these too."
        )
    return head, summary


def term_options(terms: list[TermView]) -> list[tuple[Text | str, str]]:
    """The period dropdown: each term with its dates, then dates of the worker's choosing."""
    options: list[tuple[Text | str, str]] = [
        (Text(f"{t.name} ({t.start:%d %b %Y} to {t.end:%d %b %Y})"), t.name) for t in terms
    ]
    options.append(("Dates of my choosing", CUSTOM))
    return options


def remembered(settings: ExportSettings, choice: Choice) -> ExportSettings:
    """``settings`` with ``choice`` as the last format and options, for next time."""
    scope = choice.scope
    return replace(
        settings,
        last_format=choice.fmt,
        last_choices={
            "flagged_only": scope.flagged_only,
            "include_drafts": scope.include_drafts,
            "anonymise": scope.anonymise,
        },
    )


def write_file(
    journal: Journal,
    choice: Choice,
    path: Path,
    *,
    force: bool,
    title: TitleBlock,
    generated: datetime,
    started: Callable[[int], object],
    progressed: Callable[[int], object],
) -> int:
    """Write the document ``choice`` describes to ``path`` (in a worker); the entries in it.

    ``started(total)`` is told the entries to write first, ``progressed(done)`` as they go.
    """
    started(journal.count_entries(choice.scope.entry_filter()))

    def progress(done: int, _total: int) -> None:
        progressed(done)

    result = export_to_file(
        journal,
        choice.scope,
        path,
        fmt=choice.fmt,
        force=force,
        title=title,
        generated=generated,
        progress=progress,
    )
    return result.entries
