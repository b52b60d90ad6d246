"""The commands that take entries out of the journal and back: export, import, title-block."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from reflect.cli.common import DATE, Settings, pass_settings
from reflect.cli.periods import registration_year_option
from reflect.cli.progress import terminal_progress
from reflect.core.counting import counted
from reflect.core.export.registry import FORMATS

# The registry imports no renderer, so reading it here costs nothing at start-up.
FORMAT_NAMES = tuple(FORMATS)


def export_settings_file(settings: Settings) -> Path:
    """Where export keeps the title block and the last choices."""
    from reflect.core.export.settings import FILE_NAME

    return settings.config_file.parent / FILE_NAME


@click.command("export")
@click.option("--term", help="Export this term (see 'reflect terms list').")
@registration_year_option
@click.option("--from", "start", type=DATE, help="Or export from this visit date...")
@click.option("--to", "end", type=DATE, help="...up to this one.")
@click.option("--case", help="Only this case code.")
@click.option("--flagged", is_flag=True, help="Only entries flagged for supervision.")
@click.option("--include-drafts", is_flag=True, help="Include drafts as well as complete entries.")
@click.option(
    "--anonymise",
    "--anonymize",
    "anonymise",
    is_flag=True,
    help="Replace case codes with Family A, Family B, ... and mask what the scanner finds.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default="markdown",
    show_default=True,
    help="markdown, html (prints to PDF), docx (Word), cpd (your CPD records in Social Work "
    "England's form) or archive (everything, exactly, for 'reflect import').",
)
@click.option(
    "--keep-case-codes",
    is_flag=True,
    help="CPD records only: keep case codes and identifiers (they are replaced by default).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write, or - for the screen. Default: a file named after the period.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@pass_settings
def export_command(
    settings: Settings,
    term: str | None,
    registration_year: Any,
    start: date | None,
    end: date | None,
    case: str | None,
    flagged: bool,
    include_drafts: bool,
    anonymise: bool,
    fmt: str,
    keep_case_codes: bool,
    output: Path | None,
    force: bool,
) -> None:
    """Export a term (or dates) as a document to hand in, or the journal as an archive.

    The file is written only to this computer, readable only by you. The title
    block (your name, role, team, educator) is set with 'reflect title-block'.
    An archive without --term or dates holds the whole journal, drafts included.
    """
    from reflect.core.export import (
        ExportScope,
        export_to_file,
        export_to_stream,
        file_name,
        get_format,
    )
    from reflect.core.export.settings import load_settings

    whole = fmt == "archive" and not (term or registration_year or start or end)
    if sum(map(bool, (term, registration_year, start or end))) > 1:
        raise click.UsageError("Choose one of --term, --registration-year or --from/--to.")
    if not term and not registration_year and not (start and end) and not whole:
        raise click.UsageError(
            "Say which period: --term NAME, --registration-year 2025-26, or --from DATE --to DATE."
        )
    if start and end and end < start:
        raise click.BadParameter("--to is before --from.", param_hint="'--to'")
    # The registration year needs no setup: it is a period, not a stored term.
    period = registration_year.as_term() if registration_year else None
    chosen = get_format(fmt)
    to_screen = str(output) == "-"
    if to_screen and not chosen.text:
        raise click.UsageError(f"A {fmt} file cannot go to the screen: give a file name.")
    title = load_settings(export_settings_file(settings)).title
    with settings.reader() as journal:
        scope = ExportScope(
            start=start,
            end=end,
            term=journal.get_term(term) if term else period,
            case_code=case,
            flagged_only=flagged,
            include_drafts=include_drafts or whole,
            anonymise=anonymise,
            keep_case_codes=keep_case_codes,
        )
        # Shown on standard error, so not while the document itself fills the terminal.
        shown = not (to_screen and sys.stdout.isatty())
        with terminal_progress("Exporting", stream=None if shown else io.StringIO()) as progress:
            if to_screen:
                result = export_to_stream(
                    journal, scope, sys.stdout.buffer, fmt=fmt, title=title, progress=progress
                )
                sys.stdout.flush()
            else:
                output = output or Path(file_name(scope, fmt))
                result = export_to_file(
                    journal, scope, output, fmt=fmt, force=force, title=title, progress=progress
                )
    if to_screen or output is None:
        if result.identifiers and not anonymise and (fmt != "cpd" or keep_case_codes):
            click.echo(
                f"reflect: please check: the entries may contain {result.identifiers_summary()}.",
                err=True,
            )
        return
    if fmt == "cpd":
        records = counted(result.entries, "CPD record", "CPD records")
        click.echo(f"Exported {records} to {output.absolute()}.")
        if keep_case_codes and result.identifiers:
            click.echo(
                f"Please check: the records may contain {result.identifiers_summary()}.",
                err=True,
            )
        elif not keep_case_codes:
            click.echo(
                "Case codes and the identifiers Reflect could find are replaced; it cannot "
                "find everything, so read it through before pasting it."
            )
        return
    sessions = counted(result.sessions, "supervision session", "supervision sessions")
    click.echo(
        f"Exported {counted(result.entries, 'entry', 'entries')} and {sessions} "
        f"to {output.absolute()}."
    )
    if anonymise:
        replaced = result.masked_summary()
        click.echo(
            "Case codes are replaced, and "
            + (f"the scanner replaced {replaced}" if replaced else "the scanner found nothing else")
            + ". It cannot find everything, so read it through before sharing."
        )
    elif result.identifiers:
        click.echo(
            f"Please check: the entries may contain {result.identifiers_summary()}. "
            "--anonymise replaces them.",
            err=True,
        )


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--take-newer",
    is_flag=True,
    help="Where the file holds a newer version of an entry already here (edited on another "
    "computer since), take the file's version; the journal's is kept in the entry's history.",
)
@pass_settings
def import_command(settings: Settings, file: Path, take_newer: bool) -> None:
    """Read a Reflect archive (or a v0.1 Markdown export) back; entries already there are skipped.

    Every line is checked as it is read: a damaged file changes nothing and leaves no new journal.
    """
    from reflect.core.importer import ImportRefused, check_import, import_file
    from reflect.core.writer import Writer, remove_made_journal

    # Before the journal: a missing file, a folder or one that is not an
    # archive is refused before a journal is made or a passphrase asked for.
    # A damage found while importing rolls the import back, so the file is
    # read once; a journal this import made is then removed, as it holds nothing.
    check_import(file, whole=False)
    path = settings.locations.journal
    made = not path.exists()
    empty = False
    try:
        with settings.writer() as journal, terminal_progress("Importing") as progress:
            try:
                result = import_file(journal, file, progress, take_newer=take_newer)
            except ImportRefused:
                # Only a journal this command made, with nothing in it: never another's.
                empty = made and isinstance(journal, Writer) and journal.holds_nothing()
                raise
    except ImportRefused:
        if empty:
            remove_made_journal(path)
        raise
    click.echo(
        f"Imported {counted(result.entries_added, 'entry', 'entries')}"
        f" ({result.entries_skipped} already in the journal),"
        f" {counted(result.sessions_added, 'supervision session', 'supervision sessions')},"
        f" {counted(result.cpd_added, 'CPD record', 'CPD records')}"
        f" ({result.cpd_skipped} already in the journal) and"
        f" {counted(result.words_added, 'word', 'words')} for the scanner's lists."
    )
    for day, code in result.entries_replaced:
        click.echo(f"Took the file's newer version of {day:%d %b %Y} {code}.")
    if result.entries_replaced:
        replaced = len(result.entries_replaced)
        click.echo(
            f"{counted(replaced, 'entry', 'entries')} replaced by the file's newer version;"
            f" the journal's version{'' if replaced == 1 else ' of each'} is kept in its history."
        )
    if result.entries_differing:
        shown = "; ".join(f"{day:%d %b %Y} {code}" for day, code in result.entries_differing[:5])
        more = len(result.entries_differing) - 5
        click.echo(
            f"{counted(len(result.entries_differing), 'entry', 'entries')} already in the"
            " journal read differently in the file (changed on one side since):"
            f" {shown}{f' and {more} more' if more > 0 else ''}. The journal's own version"
            " was kept and the file's was not imported; the file still holds it, to copy"
            " what you need by hand."
        )
    if result.entries_newer_in_file:
        import shlex  # only for this advice

        newer = len(result.entries_newer_in_file)
        chosen = f"--db {shlex.quote(str(settings.locations.journal))} " * settings.journal_chosen
        click.echo(
            f"The file holds a newer version of {counted(newer, 'entry', 'entries')} than the"
            f" journal does. To take {'it' if newer == 1 else 'them'}, with the journal's"
            f" version kept in the entry's history: reflect {chosen}import --take-newer"
            f" {shlex.quote(str(file))}"
        )


@click.command("title-block")
@click.option("--name", help="Your name or initials.")
@click.option("--role", help="For example: Student social worker.")
@click.option("--team", help="Your team or placement.")
@click.option("--educator", help="Your practice educator or supervisor.")
@click.option(
    "--private",
    multiple=True,
    type=click.Choice(["name", "role", "team", "educator"]),
    help="Leave this line out of anonymised exports (repeat for more; replaces the list).",
)
@pass_settings
def title_block(
    settings: Settings,
    name: str | None,
    role: str | None,
    team: str | None,
    educator: str | None,
    private: tuple[str, ...],
) -> None:
    """Show or set the title block at the top of exported documents (every line optional).

    An empty value ("") clears a line.
    """
    from dataclasses import replace

    from reflect.core.export.scope import TITLE_FIELDS
    from reflect.core.export.settings import load_settings, save_settings, title_from

    path = export_settings_file(settings)
    saved = load_settings(path)
    given = {"name": name, "role": role, "team": team, "educator": educator}
    if any(v is not None for v in given.values()) or private:
        values = {key: getattr(saved.title, key) for key, _ in TITLE_FIELDS}
        values.update({k: v for k, v in given.items() if v is not None})
        title = title_from(values, set(private) if private else set(saved.title.private))
        saved = replace(saved, title=title, title_asked=True)
        save_settings(path, saved)
    for key, label in TITLE_FIELDS:
        value = getattr(saved.title, key) or "(not set)"
        note = " (left out when anonymised)" if key in saved.title.private else ""
        if key == "educator" and not note and getattr(saved.title, key):
            note = " (written [supervisor] when anonymised)"
        click.echo(f"{label}: {value}{note}")
