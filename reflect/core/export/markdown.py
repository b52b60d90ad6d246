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

from reflect.core.export.content import (
    Block,
    Heading,
    Paragraph,
    Parts,
    _due,
    entry_facts,
    tag_lines,
)
from reflect.core.export.scope import Document
from reflect.core.records import EntryDetail

_ALWAYS = re.compile(r"([\\`*_<&|~#])")
_LINK_CLOSE = re.compile(r"\](?=[(\[])")
_IMAGE = re.compile(r"!(?=\[)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _escape_line(line: str, in_link: bool) -> str:
    # Most lines hold none of _ALWAYS's characters: nine substring tests find
    # that in a third of the time of one search for the class.
    if (
        "\\" in line
        or "`" in line
        or "*" in line
        or "_" in line
        or "<" in line
        or "&" in line
        or "|" in line
        or "~" in line
        or "#" in line
    ):
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


def _escape_line_start(line: str, in_link: bool) -> str:
    # `_escape_line` for a line of a text holding none of the characters it
    # escapes inside a line: only the start of the line can need one.
    first = line[:1]
    if first in _ASCII_PUNCTUATION:
        return "\\" + line
    if first.isdigit():
        return _ORDERED.sub(r"\1\\\2", line)
    return line


def _inline_markup(text: str) -> bool:
    """Whether ``text`` holds a character `_escape_line` may escape inside a line."""
    return (
        "\\" in text
        or "`" in text
        or "*" in text
        or "_" in text
        or "<" in text
        or "&" in text
        or "|" in text
        or "~" in text
        or "#" in text
        or "]" in text
        or "!" in text
        or "[" in text
    )


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def escape(text: str, *, in_link: bool = False, plain: bool = False) -> str:
    """Text as Markdown that renders as it reads; line breaks kept, blank-line runs made one.

    ``plain``: the caller knows ``text`` holds no `_inline_markup` (it looked
    at several texts at once); only the start of each line is looked at.
    """
    if "\n" not in text and "\r" not in text:
        if plain:
            return _escape_line_start(text.strip(), in_link)
        return _escape_line(text.strip(), in_link)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    # Most texts of several lines hold no markup at all: one look at the whole
    # text then spares each line the look for it.
    plain = plain or not _inline_markup(text)
    escape_line = _escape_line_start if plain else _escape_line
    rendered = []
    for paragraph in paragraphs:
        lines = [escape_line(line.strip(), in_link) for line in paragraph.split("\n")]
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


def _items_markdown(items: Iterable[str]) -> str:
    """A list without numbers or links, as `block_markdown` writes `Items`."""
    return "\n".join("- " + escape(item).replace("\n", "\n  ") for item in items)


def entry_markdown(entry: EntryDetail, title: str, anchor: str) -> str:
    """``chunk_markdown(entry_blocks(entry, title, anchor))``, written straight from the entry.

    The same characters (tests/unit/test_export.py checks it over awkward
    entries), without making the blocks: a term's export made about 100,000
    of them only to write them out, half the time of its Markdown
    (tests/bench/export_phases.py). The web page and Word still take the
    blocks; a change to `entry_blocks` must be made here too.
    """
    out = [f"### {_escape_repeated(title)}\n\n"]
    append = out.append
    if facts := entry_facts(entry):
        append(escape(facts) + "\n\n")
    theme_before: str | None = None
    # Most entries hold no markup in any answer: one look at all of them
    # spares each answer its own (a term's export writes 33,000).
    answers = entry.answers
    plain = not _inline_markup("".join([answer.text for answer in answers]))
    # Each answer unpacked (a named tuple).
    for number, (_, question, text, theme, _) in enumerate(answers, start=1):
        theme = theme.strip()
        if not theme or theme != theme_before:
            append(_theme_heading(theme or f"Question {number}"))
        theme_before = theme
        append(_question_line(question))
        if text.strip():
            append(escape(text, plain=plain))
            append("\n\n")
        else:
            append(_NOT_ANSWERED)
    tags = tag_lines(entry)
    if tags:
        append(f"#### Themes and tags\n\n{_items_markdown(tags)}\n\n")
    if entry.actions:
        done = [f"{'Done: ' if a.done else ''}{a.text}{_due(a.due)}" for a in entry.actions]
        append(f"#### Next actions\n\n{_items_markdown(done)}\n\n")
    if entry.supervisor_question.strip():
        append(f"#### Question for my supervisor\n\n{escape(entry.supervisor_question)}\n\n")
    return "".join(out)


_NOT_ANSWERED = block_markdown(Paragraph("Not answered.", "note")) + "\n\n"


# A term's 30,000 answers share a few dozen themes and questions: each line made once.
@lru_cache(maxsize=4096)
def _theme_heading(theme: str) -> str:
    return f"#### {escape(theme)}\n\n"


@lru_cache(maxsize=4096)
def _question_line(question: str) -> str:
    return f"**{escape(question)}**\n\n" if question.strip() else ""


def write_markdown(doc: Document, out: TextIO) -> None:
    """Write the document as Markdown to ``out``, a part at a time (each entry as it is read)."""
    parts = Parts(doc)
    out.write(chunk_markdown(parts.opening()))
    for entry, title, anchor in parts.entries():
        out.write(entry_markdown(entry, title, anchor))
    out.write(chunk_markdown(parts.closing()).rstrip("\n") + "\n")  # one final newline
