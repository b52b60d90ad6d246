"""The commands that take entries out of the journal and back: export and import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from reflect.cli.common import DATE, Settings, pass_settings
from reflect.cli.periods import registration_year_option


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
    type=click.Choice(["markdown", "cpd"]),
    default="markdown",
    show_default=True,
    help="The whole journal, or your CPD records in Social Work England's form.",
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
    """Export a term (or dates) to one Markdown document: for a portfolio, an educator or CPD.

    The file is written only to this computer, readable only by you.
    """
    from reflect.core.export import ExportScope, export, write_atomic

    if sum(map(bool, (term, registration_year, start or end))) > 1:
        raise click.UsageError("Choose one of --term, --registration-year or --from/--to.")
    if not term and not registration_year and not (start and end):
        raise click.UsageError(
            "Say which period: --term NAME, --registration-year 2025-26, or --from DATE --to DATE."
        )
    if start and end and end < start:
        raise click.BadParameter("--to is before --from.", param_hint="'--to'")
    # The registration year needs no setup: it is a period, not a stored term.
    period = registration_year.as_term() if registration_year else None
    with settings.reader() as journal:
        scope = ExportScope(
            start=start,
            end=end,
            term=journal.get_term(term) if term else period,
            case_code=case,
            flagged_only=flagged,
            include_drafts=include_drafts,
            anonymise=anonymise,
            keep_case_codes=keep_case_codes,
        )
        result = export(journal, scope, fmt=fmt)
    if str(output) == "-":
        click.echo(result.text, nl=False)
        if result.identifiers and not anonymise and (fmt != "cpd" or keep_case_codes):
            click.echo(
                f"reflect: please check: the entries may contain {result.identifiers_summary()}.",
                err=True,
            )
        return
    if output is None:
        name = scope.term.name if scope.term else f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
        slug = "-".join("".join(c if c.isalnum() else " " for c in name).lower().split())
        output = Path(f"reflect-{'cpd-' if fmt == 'cpd' else ''}{slug}.md")
    write_atomic(output, result.text, force=force)
    if fmt == "cpd":
        n = result.entries
        click.echo(f"Exported {n} CPD record{'s' if n != 1 else ''} to {output.absolute()}.")
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
    sessions = f" and {result.sessions} supervision session{'s' if result.sessions != 1 else ''}"
    click.echo(
        f"Exported {result.entries} entr{'ies' if result.entries != 1 else 'y'}{sessions} "
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
@pass_settings
def import_command(settings: Settings, file: Path) -> None:
    """Read a Reflect export back into the journal; entries already there are skipped."""
    from reflect.core.importer import import_file

    with settings.journal(create=True) as journal:
        result = import_file(journal, file)
    click.echo(
        f"Imported {result.entries_added} entr{'ies' if result.entries_added != 1 else 'y'}"
        f" ({result.entries_skipped} already in the journal) and {result.sessions_added}"
        f" supervision session{'s' if result.sessions_added != 1 else ''}."
    )
