"""An entry as Markdown, with whatever the worker typed kept as plain text.

Typed text can contain anything: a line "# Heading", "---", a fence, list
markers, HTML or link syntax. Characters that CommonMark can read as structure
anywhere in a line (emphasis, code, links, HTML, entities, headings' closing
hashes) are always backslash-escaped; at the start of a line, any punctuation
is, and so is the dot or bracket of "1." or "1)". Everything else stays as
typed, so the raw Markdown reads naturally. Line breaks are kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reflect.core.dates import long_date
from reflect.core.records import EntryDetail
from reflect.core.vocab import VisitType

# Structure wherever it appears: emphasis, code, links, HTML, entities, escapes,
# and "#" (a heading's closing sequence).
_ALWAYS = re.compile(r"([\\`*_\[\]<>&!|~#])")
# At the start of a line any ASCII punctuation can begin a block (list, quote,
# heading, thematic break, setext underline): it is escaped in _escape_line.
# An ordered list marker: digits then "." or ")".
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _escape_line(line: str) -> str:
    # Most lines need nothing: checking first keeps a long export fast.
    if _ALWAYS.search(line):
        line = _ALWAYS.sub(r"\\\1", line)
    first = line[:1]
    if first in _ASCII_PUNCTUATION and first != "\\":
        return "\\" + line
    if first.isdigit():
        return _ORDERED.sub(r"\1\\\2", line)
    return line


def escape_text(text: str) -> str:
    """Typed text as Markdown that renders exactly as typed, on one line or many."""
    if "\n" not in text and "\r" not in text:
        return _escape_line(text.strip())
    paragraphs = re.split(r"\n\s*\n", text.strip().replace("\r\n", "\n").replace("\r", "\n"))
    rendered = []
    for paragraph in paragraphs:
        lines = [_escape_line(line.strip()) for line in paragraph.split("\n")]
        # A trailing backslash is CommonMark's hard line break.
        rendered.append("\\\n".join(line for line in lines if line))
    return "\n\n".join(p for p in rendered if p)


# Questions, themes and case codes repeat across a term's entries: escape each
# once. (Answers are nearly always different, so they are not cached.)
_escape_repeated = lru_cache(maxsize=4096)(escape_text)


def query_words(query: str) -> tuple[str, ...]:
    """The words of a search, to mark where they appear in an entry."""
    return tuple(w.lower() for w in re.findall(r"[^\W_]+", query) if len(w) > 1 or w.isdigit())


def mark_words(markdown_text: str, words: tuple[str, ...]) -> str:
    """Escaped answer text with each word that starts with one of ``words`` in bold italics.

    Matches follow the search: a word matches, and so does a longer word it
    begins (search matches the last word typed as a prefix). Bold italics, not
    colour, so the marks show in any theme and without colour.
    """
    if not words:
        return markdown_text
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w\\])(?:{alternatives})[^\W_]*", re.IGNORECASE)
    return pattern.sub(lambda m: f"***{m.group(0)}***", markdown_text)


def entry_markdown(
    entry: EntryDetail, *, heading_level: int = 2, highlight: tuple[str, ...] = ()
) -> str:
    """The whole entry: details, every question and answer, tags, actions, supervision.

    ``highlight``: words (from a search) to mark in the answers.
    """
    h = "#" * heading_level
    sub = "#" * (heading_level + 1)
    visit = VisitType(entry.visit_type).label
    title = (
        f"{long_date(entry.visit_date, weekday=True)}, {_escape_repeated(entry.case_code)}, {visit}"
    )
    parts = [f"{h} {title}", ""]
    facts = [f"- Status: {'complete' if entry.status == 'complete' else 'draft'}"]
    if entry.visit_minutes:
        facts.append(f"- Length of visit: {entry.visit_minutes} minutes")
    facts.append(
        f"- Prompt set: {escape_text(entry.prompt_set_id)} (version {entry.prompt_set_version})"
    )
    parts += [*facts, ""]
    for number, answer in enumerate(entry.answers, start=1):
        # The theme is the heading; the question is a bold paragraph so a long
        # one wraps on a narrow screen instead of being cut off.
        heading = _escape_repeated(answer.theme) if answer.theme.strip() else f"Question {number}"
        parts += [f"{sub} {heading}", ""]
        question = _escape_repeated(answer.question)
        if question:  # "** **" would be a thematic break, not empty bold text
            parts += [f"**{question}**", ""]
        parts += [
            mark_words(escape_text(answer.text), highlight)
            if answer.text.strip()
            else "*Not answered.*",
            "",
        ]
    tag_lines = [
        (label, values)
        for label, values in (
            ("Themes", entry.themes),
            ("PCF domains", entry.pcf_domains),
            ("Tags", entry.free_tags),
        )
        if values
    ]
    if tag_lines:
        parts += [f"{sub} Tags", ""]
        parts += [
            f"- {label}: {', '.join(escape_text(v) for v in values)}" for label, values in tag_lines
        ]
        parts.append("")
    if entry.actions:
        parts += [f"{sub} Next actions", ""]
        for action in entry.actions:
            due = f" (by {action.due:%d %b %Y})" if action.due else ""
            done = "done: " if action.done else ""
            parts.append(f"- {done}{escape_text(action.text)}{due}")
        parts.append("")
    parts += [f"{sub} Supervision", ""]
    parts.append("- Bring to supervision: " + ("yes" if entry.flagged else "no"))
    if entry.supervisor_question.strip():
        parts += ["", "Question for my supervisor:", "", escape_text(entry.supervisor_question)]
    parts.append("")
    return "\n".join(parts)
