"""A journal, or part of it, as a document to hand in or an archive to keep.

Modules, one idea each:

- scope: which entries, the title block, anonymising, and the `Document` read
  from the journal as it is written
- content: the document as plain blocks, the same for Markdown, HTML and Word
- markdown, html, word, cpd, archive: one format each
- registry: every format's name, label, file extension and renderer
- run: export to a stream, a file or memory; writing: the atomic file write
- legacy: reading v0.1 Markdown exports back (for `reflect.core.importer`)
"""

from reflect.core.export.registry import FORMATS, Format, file_name, get_format
from reflect.core.export.run import ExportResult, export, export_to_file, export_to_stream
from reflect.core.export.scope import Document, ExportScope, TitleBlock, entry_title, screen_text
from reflect.core.export.writing import write_atomic

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
