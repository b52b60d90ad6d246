"""The document as Markdown: plain to read as it is, and the same in any CommonMark viewer.

Typed text can contain anything ("# Heading", "---", a fence, list markers,
HTML or link syntax), and must stay text. `escape` backslash-escapes only
what CommonMark could read as structure: emphasis, code, HTML, entities and
backslashes anywhere; any punctuation, and the dot of "1.", at the start of a
line; a "]" only where a link could follow it ("](" or "]["), and "!" only
before "[". Brackets are otherwise left alone: the document defines no link
references, so "[phone number]" reads as it is and renders as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

from reflect.core.export.content import Block, Heading, Paragraph, chunks
from reflect.core.export.scope import Document

_ALWAYS = re.compile(r"([\\`*_<&|~#])")
_LINK_CLOSE = re.compile(r"\](?=[(\[])")
_IMAGE = re.compile(r"!(?=\[)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _escape_line(line: str, in_link: bool) -> str:
    if _ALWAYS.search(line):
        line = _ALWAYS.sub(r"\\\1", line)
    if in_link:
        line = line.replace("[", "\\[").replace("]", "\\]")
    elif "]" in line or "!" in line:
        line = _LINK_CLOSE.sub(r"\\]", _IMAGE.sub(r"\\!", line))
    first = line[:1]
    if first in _ASCII_PUNCTUATION and first != "\\":
        return "\\" + line
    if first.isdigit():
        return _ORDERED.sub(r"\1\\\2", line)
    return line


def escape(text: str, *, in_link: bool = False) -> str:
    """Text as Markdown that renders as it reads; line breaks kept, blank-line runs made one."""
    if "\n" not in text and "\r" not in text:
        return _escape_line(text.strip(), in_link)
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n").replace("\r", "\n"))
    rendered = []
    for paragraph in paragraphs:
        lines = [_escape_line(line.strip(), in_link) for line in paragraph.split("\n")]
        # A trailing backslash is CommonMark's hard line break.
        rendered.append("\\\n".join(line for line in lines if line))
    return "\n\n".join(p for p in rendered if p)


# Questions, themes and titles repeat across a term's entries: escape each once.
_escape_repeated = lru_cache(maxsize=4096)(escape)


def block_markdown(block: Block) -> str:
    """One block as Markdown."""
    if isinstance(block, Heading):
        return f"{'#' * block.level} {_escape_repeated(block.text)}"
    if isinstance(block, Paragraph):
        if block.style == "question":
            # "** **" would be a thematic break, not empty bold text: questions are never blank.
            return f"**{_escape_repeated(block.text)}**"
        if block.style == "note":
            return f"*{_escape_repeated(block.text)}*"
        return escape(block.text)
    lines = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}." if block.numbered else "-"
        link = block.links[number - block.start] if block.links else ""
        if link:
            lines.append(f"{marker} [{_escape_repeated(item, in_link=True)}](#{link})")
        else:
            # A list item's second line is indented to stay in the item.
            text = escape(item).replace("\n", "\n" + " " * (len(marker) + 1))
            lines.append(f"{marker} {text}")
    return "\n".join(lines)


def chunk_markdown(blocks: Iterable[Block]) -> str:
    """A chunk of blocks as Markdown, each followed by a blank line."""
    return "".join(block_markdown(block) + "\n\n" for block in blocks)


def write_markdown(doc: Document, out: TextIO) -> None:
    """Write the document as Markdown to ``out``, chunk by chunk."""
    pending = ""
    for chunk in chunks(doc):
        out.write(pending)
        pending = chunk_markdown(chunk)
    out.write(pending.rstrip("\n") + "\n")  # one final newline
