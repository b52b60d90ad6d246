"""Commands for terms and other named periods."""

from __future__ import annotations

from datetime import date

import click

from reflect.cli.common import DATE, Settings, pass_settings


@click.group()
def terms() -> None:
    """Named periods (university terms, placements) to group entries by."""


@terms.command("list")
@pass_settings
def terms_list(settings: Settings) -> None:
    """List your terms, earliest first."""
    from reflect.core.terms import current_academic_year

    with settings.journal() as journal:
        found = journal.terms()
    if not found:
        click.echo("No terms yet. This academic year's UK terms would be:")
        for suggested in current_academic_year(date.today()):
            click.echo(
                f"  {suggested.name:<18} {suggested.start:%d %b %Y} to {suggested.end:%d %b %Y}"
            )
        click.echo(
            "Add them with 'reflect terms suggest', or your own (a placement can start any "
            "week) with 'reflect terms add NAME START END'."
        )
    for term in found:
        click.echo(f"{term.name:<20} {term.start:%d %b %Y} to {term.end:%d %b %Y}")


@terms.command("add")
@click.argument("name")
@click.argument("start", type=DATE)
@click.argument("end", type=DATE)
@pass_settings
def terms_add(settings: Settings, name: str, start: date, end: date) -> None:
    """Add a term, for example: reflect terms add "Placement 2" 2027-01-11 2027-05-28"""
    with settings.journal(create=True) as journal:
        term = journal.add_term(name, start, end)
    click.echo(f"Added {term.name}: {term.start:%d %b %Y} to {term.end:%d %b %Y}.")


@terms.command("suggest")
@pass_settings
def terms_suggest(settings: Settings) -> None:
    """Add this academic year's UK terms (Autumn, Spring, Summer); ones you have are skipped."""
    from reflect.core.terms import add_terms, current_academic_year

    with settings.journal(create=True) as journal:
        for suggested, skipped in add_terms(journal, current_academic_year(date.today())):
            if skipped:
                click.echo(f"Skipped {suggested.name}: {skipped}")
            else:
                dates = f"{suggested.start:%d %b %Y} to {suggested.end:%d %b %Y}"
                click.echo(f"Added {suggested.name}: {dates}.")


@terms.command("remove")
@click.argument("name")
@pass_settings
def terms_remove(settings: Settings, name: str) -> None:
    """Remove a term (its entries stay in the journal)."""
    with settings.journal() as journal:
        journal.remove_term(name)
    click.echo(f"Removed the term {name!r}.")
