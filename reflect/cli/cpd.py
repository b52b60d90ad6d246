"""``reflect cpd``: your CPD records and where you stand for the registration year."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from reflect.cli.common import DATE, Settings, pass_settings
from reflect.cli.periods import registration_year_option


@click.group("cpd")
def cpd() -> None:
    """Your CPD records for Social Work England, and your readiness for renewal."""


@cpd.command("list")
@registration_year_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_settings
def cpd_list(settings: Settings, registration_year: Any, as_json: bool) -> None:
    """List CPD records (complete and drafts), earliest first: all, or one year's."""
    start = registration_year.start if registration_year else None
    end = registration_year.end if registration_year else None
    with settings.journal() as journal:
        records = journal.cpd_records(start, end)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "date": r.fields.activity_date.isoformat(),
                        "title": r.fields.title,
                        "type": r.fields.cpd_type,
                        "status": r.status,
                        "peer_reflection": r.has_peer_reflection,
                        "entries": list(r.fields.entry_ids),
                        "sessions": list(r.fields.session_ids),
                    }
                    for r in records
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not records:
        click.echo("No CPD records yet. Press c on the home screen to write one.")
        return
    for r in records:
        peer = "peer" if r.has_peer_reflection else ""
        click.echo(
            f"{r.id:>5}  {r.fields.activity_date:%d %b %Y}  {r.status:<8}  {peer:<4}  "
            f"{r.fields.cpd_type[:24]:<24}  {r.fields.title}"
        )


@cpd.command("status")
@click.option("--on", "day", type=DATE, help="As it stands on this day (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_settings
def cpd_status(settings: Settings, day: date | None, as_json: bool) -> None:
    """Where you stand this registration year: records, peer reflection, days left."""
    from reflect.core.readiness import readiness

    with settings.journal() as journal:
        state = readiness(journal, day or date.today())
    if as_json:
        click.echo(json.dumps(state.as_json(), indent=2))
        return
    for line in state.sentences():
        click.echo(line)
    click.echo(
        f"(Social Work England's requirement as last checked on "
        f"{state.rule.last_checked:%d %B %Y}.)"
    )
