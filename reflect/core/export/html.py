"""The document as one self-contained web page that prints well (to paper or PDF).

The HTML is rendered by markdown-it-py from the same Markdown the Markdown
format writes, chunk by chunk, with raw HTML switched off: typed text can only
ever be text. Styles are inline and nothing is fetched. The print stylesheet
starts each entry on a new page, sets readable type and puts the document's
title and period at the top of every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape as escape_html
from typing import TextIO

from markdown_it import MarkdownIt

from reflect.core.export.content import Block, Heading, Items, chunks
from reflect.core.export.markdown import chunk_markdown
from reflect.core.export.scope import Document

STYLE = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 12pt; line-height: 1.5;
  color: #111; background: #fff; max-width: 44em; margin: 2em auto; padding: 0 1em; }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 1.8em; }
h2 { font-size: 1.4em; border-bottom: 1px solid #999; padding-bottom: 0.2em; }
h3 { font-size: 1.2em; margin-top: 2em; }
h4 { font-size: 1em; margin-bottom: 0.3em; }
a { color: #1a4d8f; }
section.entry, section.sessions { margin-top: 2.5em; }
@page { size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-center { content: "TITLE"; font: 9pt Arial, sans-serif; color: #444; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
    font: 9pt Arial, sans-serif; color: #444; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  section.entry, section.sessions { break-before: page; margin-top: 0; }
  h2, h3, h4 { break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
}
"""


# List items given to markdown-it at once (see `pieces`).
LIST_SLICE = 1_000


def _parser() -> MarkdownIt:
    # CommonMark with raw HTML off: the escaping already keeps typed text as
    # text; this makes sure nothing typed could ever become markup here.
    return MarkdownIt("commonmark", {"html": False})


def chunk_html(md: MarkdownIt, blocks: list[Block]) -> str:
    """A chunk rendered from its Markdown, headings given their anchors as ids."""
    tokens = md.parse(chunk_markdown(blocks))
    anchors = iter([b.anchor for b in blocks if isinstance(b, Heading)])
    for token in tokens:
        if token.type == "heading_open":
            anchor = next(anchors, "")
            if anchor:
                token.attrSet("id", anchor)
    return str(md.renderer.render(tokens, md.options, {}))


def pieces(blocks: list[Block]) -> Iterator[list[Block]]:
    """``blocks`` in pieces for markdown-it, a long list a slice of `LIST_SLICE` items at a time.

    markdown-it keeps every token of what it parses: the contents list of
    100,000 entries parsed at once took the export to 632 MB (README,
    Performance). Each slice of a numbered list starts where the last ended.
    """
    piece: list[Block] = []
    for block in blocks:
        if isinstance(block, Items) and len(block.items) > LIST_SLICE:
            if piece:
                yield piece
                piece = []
            for first in range(0, len(block.items), LIST_SLICE):
                yield [
                    block._replace(
                        items=block.items[first : first + LIST_SLICE],
                        links=block.links[first : first + LIST_SLICE],
                        start=block.start + first,
                    )
                ]
        else:
            piece.append(block)
    if piece:
        yield piece


def write_html(doc: Document, out: TextIO) -> None:
    """Write the document as one HTML page to ``out``, chunk by chunk."""
    md = _parser()
    title = doc.scope.title()
    running = f"{title} ({doc.scope.period_words()})" if doc.scope.term else title
    # A term's name is typed: everything but letters, digits and spaces is
    # written as a CSS escape, so it cannot end the string or the style element.
    css_title = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in running)
    style = STYLE.replace('"TITLE"', f'"{css_title}"')
    out.write(
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape_html(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
    )
    for number, chunk in enumerate(chunks(doc)):
        first = chunk[0]
        if number == 0:
            kind = "opening"
        elif isinstance(first, Heading) and first.level == 2:
            kind = "sessions"
        else:
            kind = "entry"
        out.write(f'<section class="{kind}">\n')
        for piece in pieces(chunk):
            out.write(chunk_html(md, piece))
        out.write("</section>\n")
    out.write("</body>\n</html>\n")
