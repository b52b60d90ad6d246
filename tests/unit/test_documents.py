"""HTML and Word: the Markdown's document, printed by a real browser, read back by python-docx."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest

from reflect.core.export import FORMATS, ExportScope, TitleBlock, export, export_to_file
from reflect.core.export.content import Heading, Items, Paragraph, chunks
from reflect.core.export.scope import Document
from reflect.core.journal import Journal
from reflect.core.records import AnswerView, EntryRecord
from tests.conftest import SampleCopy

WHEN = datetime(2026, 11, 22, 9, 0)
OCTOBER = ExportScope(start=date(2026, 10, 1), end=date(2026, 10, 31))
TITLE = TitleBlock(name="Sam Carter", role="Student social worker", private=frozenset({"name"}))
TYPED = "<script>alert(1)</script> & [link](http://example.invalid) Mrs Khan, 07700 900123"


@pytest.fixture
def month(journal_path: Path, sample_copy: SampleCopy) -> Iterator[Journal]:
    with Journal.open(sample_copy(journal_path, 60, 9)) as journal:
        add_october_entries(journal)
        yield journal


def add_october_entries(journal: Journal) -> None:
    moment = datetime(2026, 10, 2, tzinfo=UTC)
    journal.add_records(
        [
            EntryRecord(
                uid="d" * 32,
                visit_date=date(2026, 10, 2),
                case_code="CF-4242",
                visit_type="home",
                prompt_set_id="quick",
                prompt_set_version="1",
                status="complete",
                created_at=moment,
                updated_at=moment,
                answers=(AnswerView("q", "What happened?", TYPED, "The visit", 0),),
            )
        ]
    )
    journal.add_supervision_session(
        date(2026, 10, 20), supervisor_initials="RT", notes="Notes.", entry_uids=["d" * 32]
    )


def html_of(journal: Journal, scope: ExportScope = OCTOBER) -> str:
    return export(journal, scope, fmt="html", title=TITLE, generated=WHEN).text


def test_html_is_one_self_contained_page_with_a_print_stylesheet(month: Journal) -> None:
    page = html_of(month)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # nothing fetched: no scripts, no stylesheets or images from elsewhere
    for fetch in ("<script", "<link", "<img", "src=", "@import", "url("):
        assert fetch not in page
    assert "@media print" in page and "break-before: page" in page
    assert '@top-center { content: "Reflective journal' in page
    # typed text is text: escaped, never markup or a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [link](http://example.invalid)" in page
    assert 'href="http' not in page
    # every contents link finds its heading
    ids = set(re.findall(r' id="([^"]+)"', page))
    hrefs = [unquote(h) for h in re.findall(r'href="#([^"]+)"', page)]
    assert hrefs and all(h in ids for h in hrefs)
    entries = page.count('<section class="entry">')
    assert entries == export(month, OCTOBER).entries


def test_html_is_rendered_from_the_same_markdown_by_markdown_it(month: Journal) -> None:
    from markdown_it import MarkdownIt

    markdown = export(month, OCTOBER, title=TITLE, generated=WHEN).text
    page = html_of(month)
    rendered = MarkdownIt("commonmark", {"html": False}).render(markdown)
    body = re.sub(r"<section[^>]*>\n|</section>\n| id=\"[^\"]+\"", "", page.split("<body>\n")[1])
    assert body.removesuffix("</body>\n</html>\n") == rendered


def words_of(journal: Journal, scope: ExportScope) -> list[tuple[str, str]]:
    """(kind, text) of every block, as the document is built."""
    found: list[tuple[str, str]] = []
    for chunk in chunks(Document(journal, scope, title=TITLE, generated=WHEN)):
        for block in chunk:
            if isinstance(block, Heading):
                found.append((f"Heading {block.level}", block.text))
            elif isinstance(block, Paragraph):
                found.append(("Paragraph", block.text))
            elif isinstance(block, Items):
                found += [("Item", item) for item in block.items]
    return found


def test_word_uses_word_heading_styles_and_holds_the_same_words(
    month: Journal, tmp_path: Path
) -> None:
    import docx

    path = tmp_path / "out.docx"
    export_to_file(month, OCTOBER, path, fmt="docx", title=TITLE, generated=WHEN)
    word = docx.Document(str(path))
    styles = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
    read = [(p.style.name if p.style else "", p.text) for p in word.paragraphs]
    expected = words_of(month, OCTOBER)
    assert len(read) == len(expected)
    for (style, text), (kind, words) in zip(read, expected, strict=True):
        assert text == words
        if kind.startswith("Heading"):
            assert style == styles[int(kind[-1])]
        elif kind == "Item":
            assert style in ("List Number", "List Bullet")
    assert read[0] == ("Title", "Reflective journal: 1 October 2026 to 31 October 2026")
    assert [t for s, t in read if s == "Heading 1"] == [
        "Contents",
        "Summary",
        "Entries",
        "Supervision sessions",
    ]
    # contents entries link to bookmarks on the entries' headings
    xml = word.element.xml
    anchors = re.findall(r'w:anchor="([^"]+)"', xml)
    bookmarks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml))
    assert anchors and set(anchors) <= bookmarks
    assert round(word.sections[0].page_width.mm) == 210  # A4


def test_word_loads_python_docx_only_when_asked(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reflect.core.journal import Journal\n"
        "from reflect.core.export import ExportScope, export_to_file\n"
        f"j = Journal.open(Path({str(tmp_path / 'j.db')!r}))\n"
        "for fmt in ('markdown', 'html', 'cpd', 'archive'):\n"
        f"    export_to_file(j, ExportScope(), Path({str(tmp_path)!r}) / fmt, fmt=fmt)\n"
        "print('docx' in sys.modules)\n"
    )
    out = subprocess.run([sys_executable(), "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def sys_executable() -> str:
    import sys

    return sys.executable


def test_anonymise_means_the_same_in_every_format(month: Journal, tmp_path: Path) -> None:
    import docx

    scope = ExportScope(start=OCTOBER.start, end=OCTOBER.end, anonymise=True)
    texts = {}
    for fmt in FORMATS:
        path = tmp_path / f"out.{fmt}"
        export_to_file(month, scope, path, fmt=fmt, title=TITLE, generated=WHEN)
        if fmt == "docx":
            texts[fmt] = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        else:
            texts[fmt] = path.read_text(encoding="utf-8")
    codes = {e.case_code for e in month.iter_details(scope.entry_filter())}
    for fmt, text in texts.items():
        for secret in (*codes, "Sam Carter", "Mrs Khan", "07700"):
            assert secret not in text, (fmt, secret)
        assert "Family A" in text, fmt
        if fmt == "cpd":
            continue  # CPD records show only some answers, and no title block
        assert "[phone number]" in text, fmt
        if fmt != "archive":
            assert "Role: Student social worker" in text, fmt


# -- a real browser prints the page ------------------------------------------------------

BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def dark_share(pgm: bytes) -> float:
    """The share of pixels darker than light grey in a binary PGM image."""
    parts = pgm.split(maxsplit=4)  # P5, width, height, maxval, pixels
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][: width * height]
    return sum(1 for p in pixels if p < 200) / max(len(pixels), 1)


@pytest.mark.slow
def test_chromium_prints_the_page_to_pdf_one_entry_a_page(month: Journal, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        pytest.skip(
            "Chromium and poppler-utils are not installed, so the page was not printed in a "
            "real browser (apt-get install chromium poppler-utils; .ci/run does this as root)"
        )
    page = tmp_path / "journal.html"
    result = export_to_file(month, OCTOBER, page, fmt="html", title=TITLE, generated=WHEN)
    pdf, png = tmp_path / "journal.pdf", tmp_path / "journal.png"
    profile = tempfile.mkdtemp(dir=tmp_path)
    common = [browser, *BROWSER_FLAGS, f"--user-data-dir={profile}"]
    subprocess.run(
        [*common, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    subprocess.run(
        [*common, f"--screenshot={png}", "--window-size=1000,1400", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    # the opening, then each entry and the sessions start their own page
    assert pages >= result.entries + 2
    assert re.search(r"^Page size:.*\(A4\)", info.stdout, re.M)
    first = subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "30", "-gray", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    assert dark_share(first) > 0.005  # the first page has words on it
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "Reflective journal" in text and "Contents" in text
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000


def test_a_long_contents_list_is_parsed_in_slices_and_reads_the_same(
    month: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.core.export import html

    whole = html_of(month)
    monkeypatch.setattr(html, "LIST_SLICE", 2)
    sliced = html_of(month)
    # The contents list is several lists now, numbered on from each other ...
    assert '<ol start="3">' in sliced and '<ol start="3">' not in whole
    # ... holding the same items, links and anchors, in the same order.
    assert re.findall(r"<li>.*?</li>", sliced, re.S) == re.findall(r"<li>.*?</li>", whole, re.S)
    assert re.findall(r'id="[^"]+"', sliced) == re.findall(r'id="[^"]+"', whole)
    joined = re.sub(r"</ul>\s*<ul>\s*", "", sliced)
    assert re.sub(r"</ol>\s*<ol start=\"\d+\">\s*", "", joined) == whole
