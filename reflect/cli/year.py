"""``reflect supervision agenda`` and ``reflect case CODE``: the year at the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from reflect.cli.common import Settings, pass_settings
from reflect.core.counting import counted


@click.group("supervision")
def supervision() -> None:
    """Getting ready for supervision."""


@supervision.command("agenda")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the agenda to this file (private to you). Default: print it.",
)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the agenda in this folder as supervision-agenda-DATE.md (or -2, -3... "
    "if taken: a file there is never replaced).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--keep-case-codes", is_flag=True, help="Keep case codes and identifiers (replaced by default)."
)
@pass_settings
def agenda(
    settings: Settings,
    output: Path | None,
    folder: Path | None,
    force: bool,
    keep_case_codes: bool,
) -> None:
    """An agenda from your flagged entries, on Morrison's 4x4x4 cycle, anonymised by default."""
    from reflect.core.agenda import build_agenda

    if output is not None and folder is not None:
        raise click.UsageError("Give --output or --folder, not both.")
    with settings.reader() as journal:
        text, count = build_agenda(journal, anonymise=not keep_case_codes)
    if folder is not None:
        from reflect.core.agenda_file import agenda_stem, chosen_folder, write_free_name

        where = chosen_folder(str(folder)) or Path.cwd()
        output = write_free_name(where, agenda_stem(date.today()), text)
    elif output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    else:
        from reflect.core.export import write_atomic

        write_atomic(output, text, force=force)
    click.echo(f"Wrote an agenda of {counted(count, 'entry', 'entries')} to {output.absolute()}.")


@click.command("case")
@click.argument("case_code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_settings
def case(settings: Settings, case_code: str, as_json: bool) -> None:
    """Every entry for one case code in date order, with what was agreed and its actions."""
    from reflect.core.continuity import timeline_lines

    if not case_code.strip():
        raise click.UsageError("Give a case code, for example: reflect case CF-1234.")
    with settings.journal() as journal:
        timeline = journal.case_timeline(case_code)
    if as_json:
        click.echo(
            json.dumps(
                {"case_code": case_code, "entries": [t.as_json() for t in timeline]},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not timeline:
        raise click.ClickException(
            f"There are no entries for {case_code!r}; 'reflect list' shows the case codes."
        )
    for line in timeline_lines(timeline[0].entry.case_code, timeline):
        click.echo(line)
