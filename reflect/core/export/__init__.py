"""A journal, or part of it, as a document to hand in or an archive to keep.

Modules, one idea each:

- scope: which entries, the title block, and the `Document` read from the
  journal as it is written
- anonymise: the one case-code anonymiser (export, CPD export, agenda)
- content: the document as plain blocks, the same for Markdown, HTML and Word
- markdown, html, word, archive: one format each (CPD records: reflect.core.cpd_export)
- registry: every format's name, label, file extension and renderer
- run: export to a stream, a file or memory; writing: the atomic file write
- legacy: reading v0.1 Markdown exports back (for `reflect.core.importer`)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect.core.export.anonymise import screen_text
    from reflect.core.export.registry import FORMATS, Format, file_name, get_format
    from reflect.core.export.run import ExportResult, export, export_to_file, export_to_stream
    from reflect.core.export.scope import (
        Document,
        ExportScope,
        TitleBlock,
        entry_title,
    )
    from reflect.core.export.writing import write_atomic

# Where each public name lives. They are imported when first used, so the
# command line can read the format registry without loading the renderers.
_HOMES = {
    "FORMATS": "registry",
    "Format": "registry",
    "file_name": "registry",
    "get_format": "registry",
    "ExportResult": "run",
    "export": "run",
    "export_to_file": "run",
    "export_to_stream": "run",
    "Document": "scope",
    "ExportScope": "scope",
    "TitleBlock": "scope",
    "entry_title": "scope",
    "screen_text": "anonymise",
    "write_atomic": "writing",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = [
    "FORMATS",
    "Document",
    "ExportResult",
    "ExportScope",
    "Format",
    "TitleBlock",
    "entry_title",
    "export",
    "export_to_file",
    "export_to_stream",
    "file_name",
    "get_format",
    "screen_text",
    "write_atomic",
]
