"""The document as a Word file, through python-docx (imported only when Word is asked for).

Word's own styles carry the structure: Title for the title, Heading 1 for
sections, Heading 2 for each entry and session, Heading 3 for the parts of
one, so Word's navigation pane and its table of contents work. The contents
list links to each entry (a bookmark on its heading). The words are the same
blocks the Markdown is written from.

python-docx makes the package (styles, numbering, settings, A4 pages) and
each paragraph's XML. Its own ``add_paragraph`` finds the end of the body
anew for every paragraph and keeps the whole tree in memory, which for a
10,000-entry journal takes minutes and hundreds of megabytes; so the body is
streamed into the file chunk by chunk instead, each paragraph built with
python-docx and written as soon as it is made.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, BinaryIO

from reflect.core.export.content import Block, Heading, Paragraph, chunks
from reflect.core.export.scope import Document

# Characters XML 1.0 cannot hold (typed text may contain them, NUL included).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
LIST_STYLES = {True: "List Number", False: "List Bullet"}
BODY = "word/document.xml"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@lru_cache(maxsize=64)
def _name(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(_name(name), value)
    return element


def _run(text: str, *, bold: bool = False, italic: bool = False, link: bool = False) -> Any:
    """One run of text: line breaks become Word line breaks, tabs Word tabs.

    Built element by element (python-docx's own run text is added a character
    at a time, which made a long export take minutes).
    """
    run = _element("w:r")
    if bold or italic or link:
        properties = _element("w:rPr")
        if bold:
            properties.append(_element("w:b"))
        if italic:
            properties.append(_element("w:i"))
        if link:
            properties.append(_element("w:color", **{"w:val": "1A4D8F"}))
            properties.append(_element("w:u", **{"w:val": "single"}))
        run.append(properties)
    for number, line in enumerate(_clean(text).split("\n")):
        if number:
            run.append(_element("w:br"))
        for index, piece in enumerate(line.split("\t")):
            if index:
                run.append(_element("w:tab"))
            if piece:
                words = _element("w:t")
                words.set(XML_SPACE, "preserve")
                words.text = piece
                run.append(words)
    return run


class _Paragraphs:
    """Builds each block's paragraphs as python-docx elements, not attached to a document."""

    def __init__(self, style_ids: dict[str, str]) -> None:
        self.style_ids = style_ids
        self.bookmarks: dict[str, int] = {}

    def bookmark(self, anchor: str) -> str:
        # Word bookmark names: a letter or "_" first, at most 40 characters, no spaces.
        if anchor not in self.bookmarks:
            self.bookmarks[anchor] = len(self.bookmarks) + 1
        return f"_entry{self.bookmarks[anchor]}"

    def paragraph(self, style: str | None = None) -> Any:
        element = _element("w:p")
        if style is not None:
            properties = _element("w:pPr")
            properties.append(_element("w:pStyle", **{"w:val": self.style_ids[style]}))
            element.append(properties)
        return element

    def of(self, block: Block) -> Iterator[Any]:
        """The paragraph elements of one block."""
        if isinstance(block, Heading):
            paragraph = self.paragraph(STYLES[block.level])
            if block.anchor:
                mark = str(self.bookmarks.setdefault(block.anchor, len(self.bookmarks) + 1))
                name = self.bookmark(block.anchor)
                paragraph.append(_element("w:bookmarkStart", **{"w:id": mark, "w:name": name}))
                paragraph.append(_run(block.text))
                paragraph.append(_element("w:bookmarkEnd", **{"w:id": mark}))
            else:
                paragraph.append(_run(block.text))
            yield paragraph
        elif isinstance(block, Paragraph):
            paragraph = self.paragraph()
            style = block.style
            paragraph.append(_run(block.text, bold=style == "question", italic=style == "note"))
            yield paragraph
        else:
            for index, item in enumerate(block.items):
                paragraph = self.paragraph(LIST_STYLES[block.numbered])
                anchor = block.links[index] if block.links else ""
                if anchor:
                    # A link to the bookmark on the entry's heading.
                    link = _element(
                        "w:hyperlink", **{"w:anchor": self.bookmark(anchor), "w:history": "1"}
                    )
                    link.append(_run(item.replace("\n", " "), link=True))
                    paragraph.append(link)
                else:
                    paragraph.append(_run(item))
                yield paragraph


def write_docx(doc: Document, out: BinaryIO) -> None:
    """Write the document as a .docx file to ``out``, the body streamed as it is rendered."""
    import docx
    from docx.shared import Mm
    from lxml import etree

    word = docx.Document()
    word.core_properties.title = doc.scope.title()
    word.core_properties.author = ""
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    names = [*STYLES.values(), *LIST_STYLES.values()]
    builder = _Paragraphs({name: word.styles[name].style_id for name in names})
    package = io.BytesIO()
    word.save(package)
    with (
        zipfile.ZipFile(package) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != BODY:
                target.writestr(item, source.read(item.filename))
                continue
            empty = source.read(BODY).decode("utf-8")
            # The empty document's body holds only its section settings: the
            # paragraphs go before them.
            cut = empty.index("<w:sectPr")
            with target.open(BODY, "w", force_zip64=True) as body:
                body.write(empty[:cut].encode("utf-8"))
                for chunk in chunks(doc):
                    for block in chunk:
                        for element in builder.of(block):
                            body.write(etree.tostring(element, encoding="utf-8"))
                body.write(empty[cut:].encode("utf-8"))
