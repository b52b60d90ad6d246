"""Commands for the identifier scanner: check any text, and keep the worker's word lists."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reflect.cli.common import Settings, pass_settings

if TYPE_CHECKING:
    from reflect.core.privacy import WordLists
    from reflect.core.wordlists import ListName


class ScanError(click.ClickException):
    """A file `reflect scan` cannot read: exit status 2, as the command promises."""

    exit_code = 2


def _read_text(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read()
        name = "the text given on standard input"
    else:
        path = Path(source)
        name = str(path)
        if path.is_dir():
            raise ScanError(f"{name} is a folder, not a file.")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ScanError(f"There is no file at {name}.") from None
        except OSError as exc:
            raise ScanError(f"{name} could not be read ({exc.strerror or exc}).") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScanError(f"{name} is not text (Reflect reads UTF-8 text files).") from None
    if "\x00" in text:
        raise ScanError(f"{name} is not text (Reflect reads UTF-8 text files).")
    return text


def _journal_words(settings: Settings) -> WordLists:
    from reflect.core.errors import JournalError
    from reflect.core.privacy import WordLists

    if not settings.locations.journal.exists():
        return WordLists()
    try:
        with settings.reader() as journal:
            return journal.word_lists()
    except JournalError as exc:  # any reason the journal cannot be read: say it, exit 2
        reason = str(exc).rstrip(".")
        raise ScanError(f"{reason}; or add --no-words to scan without your word lists.") from None


def _line_col(text: str, offset: int, line_starts: list[int]) -> tuple[int, int]:
    import bisect

    line = bisect.bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


@click.command("scan")
@click.argument("source", metavar="[FILE|-]", default="-", required=False)
@click.option("--json", "as_json", is_flag=True, help="A JSON list of findings instead of lines.")
@click.option(
    "--no-words", is_flag=True, help="Leave out your allow and flag lists from the journal."
)
@pass_settings
def scan_command(settings: Settings, source: str, as_json: bool, no_words: bool) -> None:
    """Check any text (an email draft, a report) for details that may identify someone.

    Reads FILE, or standard input when FILE is - or left out. Prints one line
    per finding, LINE:COL kind "text". Uses your allow and flag lists when
    there is a journal. Exit status: 0 when nothing is found, 1 when something
    is, 2 when the text cannot be read.

    It looks for names, postcodes, phone numbers, email addresses, NHS and
    National Insurance numbers, dates of birth and street addresses. It cannot
    find everything: read the text yourself as well.
    """
    from reflect.core.privacy import WordLists, scan

    text = _read_text(source)
    words = WordLists() if no_words else _journal_words(settings)
    found = scan(text, words)
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    rows = []
    for finding in found:
        line, col = _line_col(text, finding.start, line_starts)
        rows.append({"line": line, "col": col, "kind": finding.kind, "text": finding.text})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            quoted = json.dumps(row["text"], ensure_ascii=False)
            click.echo(f"{row['line']}:{row['col']} {row['kind']} {quoted}")
    sys.exit(1 if found else 0)


@click.group("words")
def words() -> None:
    """Your own words for the identifier scanner, kept inside the journal.

    The allow list holds words it must never flag (your team's name, your
    office); the flag list holds words it must always flag (names on your
    caseload). Both are used before saving, in anonymised exports and by
    'reflect scan'.
    """


@words.command("list")
@click.option("--json", "as_json", is_flag=True, help="A JSON object with the two lists.")
@pass_settings
def words_list(settings: Settings, as_json: bool) -> None:
    """Show both lists."""
    with settings.reader() as journal:
        listed = journal.listed_words()
    if as_json:
        lists: dict[str, list[str]] = {"allow": [], "flag": []}
        for item in listed:
            lists[item.list_name].append(item.word)
        click.echo(json.dumps(lists, ensure_ascii=False, indent=2))
        return
    if not listed:
        click.echo(
            "Both lists are empty. Add a word the scanner should never flag with "
            "'reflect words allow WORD', or one it should always flag with "
            "'reflect words flag WORD'."
        )
        return
    for item in listed:
        label = "never flag " if item.list_name == "allow" else "always flag"
        click.echo(f"{label}  {item.word}")


def _add(settings: Settings, list_name: ListName, phrases: tuple[str, ...]) -> None:
    with settings.journal(create=True) as journal:
        for phrase in phrases:
            added = journal.add_word(list_name, phrase)
            where = "never be flagged" if list_name == "allow" else "always be flagged"
            click.echo(f"{added.word!r} will {where}.")


@words.command("allow")
@click.argument("phrases", metavar="WORD...", nargs=-1, required=True)
@pass_settings
def words_allow(settings: Settings, phrases: tuple[str, ...]) -> None:
    """Never flag these words or phrases (quote a phrase: "Oakfield Team")."""
    _add(settings, "allow", phrases)


@words.command("flag")
@click.argument("phrases", metavar="WORD...", nargs=-1, required=True)
@pass_settings
def words_flag(settings: Settings, phrases: tuple[str, ...]) -> None:
    """Always flag these words or phrases (names on your caseload, a school)."""
    _add(settings, "flag", phrases)


@words.command("remove")
@click.argument("phrases", metavar="WORD...", nargs=-1, required=True)
@pass_settings
def words_remove(settings: Settings, phrases: tuple[str, ...]) -> None:
    """Take these words or phrases off whichever list holds them."""
    with settings.journal() as journal:
        for phrase in phrases:
            removed = journal.remove_word(phrase)
            where = "allow" if removed.list_name == "allow" else "flag"
            click.echo(f"{removed.word!r} is off the {where} list.")
