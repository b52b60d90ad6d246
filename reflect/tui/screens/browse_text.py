"""The browse list's words: the filters in force, search excerpts and themes, fitted to a column."""

from __future__ import annotations

import re
from collections.abc import Sized

from rich.text import Text

from reflect.core.counting import counted
from reflect.core.records import EntryFilter, SnippetPart


def filter_parts(f: EntryFilter) -> list[str]:
    """The filters in force, each in a few words."""
    parts = []
    if f.term:
        parts.append(f"term {f.term}")
    if f.start and f.end:
        parts.append(f"{f.start:%d %b %Y} to {f.end:%d %b %Y}")
    elif f.start:
        parts.append(f"from {f.start:%d %b %Y}")
    elif f.end:
        parts.append(f"up to {f.end:%d %b %Y}")
    if f.case_code:
        parts.append(f"case {f.case_code}")
    if f.tag:
        parts.append(f"theme or tag {f.tag}")
    if f.pcf_domain:
        parts.append(f"PCF: {f.pcf_domain}")
    if f.status:
        parts.append("drafts only" if f.status == "draft" else "complete only")
    if f.flagged:
        parts.append("flagged for supervision")
    return parts


_SPACES = re.compile(r"\s+")


def snippet_text(parts: tuple[SnippetPart, ...], width: int | None = None) -> Text:
    """A snippet with the matching words in bold and underlined (not colour alone).

    When the first matching word would fall past ``width``, the snippet starts
    a few words before it instead, after an ellipsis, so the match is seen.
    """
    text = Text(no_wrap=True, overflow="ellipsis")
    first: tuple[int, int] | None = None
    for part in parts:
        # Line breaks and runs of spaces become one space each; the spaces
        # around a matching word stay, or it would run into its neighbours.
        piece = _SPACES.sub(" ", part.text)
        if part.match and first is None:
            first = (len(text), len(text) + len(piece))
        text.append(piece, style="bold underline" if part.match else "")
    if width is None or first is None or first[1] <= width - 1:
        return text
    plain = text.plain
    start = max(1, first[0] - width // 3)
    if plain[start - 1] != " ":  # not in the middle of a word
        space = plain.find(" ", start, first[0])
        start = space + 1 if space != -1 else first[0]
    shown = Text("…", no_wrap=True, overflow="ellipsis")
    shown.append_text(text[start:])
    return shown


def themes_text(themes: tuple[str, ...], width: int) -> Text:
    """As many themes as fit, then how many more there are."""
    shown: list[str] = []
    for i, theme in enumerate(themes):
        rest = len(themes) - i - 1
        more = f" +{rest}" if rest else ""
        candidate = ", ".join([*shown, theme])
        if len(candidate) + len(more) > width:
            if not shown:  # the first theme, cut to fit
                room = max(4, width - len(more) - 1)
                return Text(theme[:room] + "…" + more, no_wrap=True)
            return Text(", ".join(shown) + f" +{len(themes) - i}", no_wrap=True)
        shown.append(theme)
    return Text(", ".join(shown), no_wrap=True)


def heading(parts: list[str], searching: bool, width: int) -> str:
    """The lines above the list: what it holds, in what order, and the keys for it.

    With filters on, as many lines as ``width`` needs, broken between
    filters, never inside one: on one line, every filter on at 80 columns
    ran off the edge (review 26).
    """
    order = "best match first" if searching else "newest visit first"
    if not parts:
        if searching:
            return "Search results, best match first  (escape to go back to the list)"
        return "All entries, newest visit first  (ctrl+f to filter)"
    pieces = [f"Filtered: {parts[0]}", *(f"· {part}" for part in parts[1:])]
    pieces[-1] += ";"
    pieces += [order, "(ctrl+f to change, x to clear)"]
    lines = [pieces[0]]
    for piece in pieces[1:]:
        if len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return "\n".join(lines)


def count_line(shown: int, total: int | None, *, searching: bool, filtered: bool) -> str:
    """The line below the list: how many are shown of how many, and what enter does."""
    return count_wordings(shown, total, searching=searching, filtered=filtered)[0]


def count_wordings(
    shown: int, total: int | None, *, searching: bool, filtered: bool
) -> tuple[str, ...]:
    """`count_line`'s sentence, then the same in fewer words, for a narrower terminal.

    The line is one line high: where the whole sentence does not fit, a
    shorter one is said rather than a cut one, and "Enter to read" stays.
    """
    whole = total if total is not None else shown
    if searching:
        if shown == 0:
            return (
                "Nothing matches those words. Try fewer or shorter words.",
                "Nothing matches. Try fewer words.",
            )
        if shown < whole:
            matching = counted(whole, "entry matches", "entries match")
            return (
                f"{matching}; the best {shown:,} shown, more as you scroll. Enter to read.",
                f"{matching}; best {shown:,} shown. Enter to read.",
                f"{matching}. Enter to read.",
            )
        matches = "entry matches" if whole == 1 else "entries match"
        return (
            f"{whole:,} {matches}, best match first. Enter to read.",
            f"{whole:,} {matches}. Enter to read.",
        )
    if total == 0:
        return ("No entries match these filters." if filtered else "Your journal is empty.",)
    if total is not None and shown >= total:
        # Every one is on the list: nothing more will load, so none is promised
        # (it said "10 of 10 shown. Enter to read; more load as you scroll.").
        kind = "matching " if filtered else ""
        if total == 1:
            return (f"1 {kind}entry shown. Enter to read.",)
        return (
            f"All {total:,} {kind}entries shown. Enter to read.",
            f"All {total:,} shown. Enter to read.",
        )
    return (
        f"{shown:,} of {whole:,} shown. Enter to read; more load as you scroll.",
        f"{shown:,} of {whole:,} shown. Enter to read.",
        f"{shown:,} of {whole:,}. Enter to read.",
    )


def list_lines(
    filters: EntryFilter, query: str, width: int, shown: Sized, total: int | None
) -> tuple[str, str]:
    """The heading above the list (``width`` wide) and the count below it."""
    parts = filter_parts(filters)
    searching = bool(query)
    wordings = count_wordings(len(shown), total, searching=searching, filtered=bool(parts))
    below = next((said for said in wordings if len(said) <= width), wordings[-1])
    return heading(parts, searching, width), below
