"""Every export format in one place: the command line's choices, the export screen's list
and file names all come from `FORMATS`."""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, TextIO, cast

if TYPE_CHECKING:
    from reflect.core.export.scope import Document, ExportScope


@dataclass(frozen=True)
class Format:
    """An export format: its name on the command line, its label on screen, its file.

    ``renderer`` names the function ("module:function") that writes a `Document`;
    it is imported only when used, so python-docx loads only for Word.
    """

    name: str
    label: str
    extension: str
    renderer: str
    # Text formats take a text stream and can go to the screen (-o -).
    text: bool = True
    # Words added to the file name, so a CPD file is not taken for the journal.
    file_prefix: str = ""
    # Anonymised unless the scope keeps case codes (CPD records go to the regulator),
    # rather than only when the scope asks for it.
    anonymised_by_default: bool = False

    def anonymises(self, scope: ExportScope) -> bool:
        """Whether a document in this format for ``scope`` is anonymised."""
        if self.anonymised_by_default:
            return not scope.keep_case_codes
        return scope.anonymise

    def render(self, doc: Document, out: BinaryIO) -> None:
        """Write ``doc`` to ``out`` in this format."""
        module, function = self.renderer.split(":")
        write = getattr(importlib.import_module(module), function)
        if not self.text:
            cast("Callable[[Document, BinaryIO], None]", write)(doc, out)
            return
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        try:
            cast("Callable[[Document, TextIO], None]", write)(doc, wrapper)
            wrapper.flush()
        finally:
            wrapper.detach()  # the caller owns ``out``


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "markdown",
            "The whole journal (Markdown)",
            "md",
            "reflect.core.export.markdown:write_markdown",
        ),
        Format(
            "html",
            "The whole journal, to print or save as PDF (web page)",
            "html",
            "reflect.core.export.html:write_html",
        ),
        Format(
            "docx",
            "The whole journal (Word)",
            "docx",
            "reflect.core.export.word:write_docx",
            text=False,
        ),
        # Your CPD records rather than the entries: the renderer reads only
        # the records from the Document, which reads nothing until asked.
        Format(
            "cpd",
            "Your CPD records, in Social Work England's form (plain text, ready to paste)",
            "txt",
            "reflect.core.cpd_export:write_cpd",
            file_prefix="cpd-",
            anonymised_by_default=True,
        ),
        Format(
            "archive",
            "Archive, to move or restore a journal (reflect import reads it)",
            "jsonl",
            "reflect.core.export.archive:write_archive",
            file_prefix="archive-",
        ),
    )
}


class UnknownFormat(ValueError):
    """A format name that is not in `FORMATS`."""


def get_format(name: str) -> Format:
    """The format called ``name``."""
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(f"Unknown format {name!r}: choose {', '.join(FORMATS)}.") from None


def file_name(scope: ExportScope, fmt: str) -> str:
    """A file name that says what is in it, for example reflect-autumn-2026-27.md."""
    start, end = scope.period
    if scope.term is not None:
        label = scope.term.name
    elif start and end:
        label = f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    else:
        label = "whole journal"
    slug = "-".join("".join(c if c.isalnum() else " " for c in label).lower().split())
    chosen = get_format(fmt)
    return f"reflect-{chosen.file_prefix}{slug}.{chosen.extension}"
