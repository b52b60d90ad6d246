"""Commands for entries: locate, list, search, new, sample and demo."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from reflect.cli.common import DATE, Settings, make_app, pass_settings, run_app
from reflect.cli.periods import registration_year_option
from reflect.core.counting import counted


@click.command()
@pass_settings
def locate(settings: Settings) -> None:
    """Show where Reflect keeps your journal, settings and backups."""
    loc = settings.locations
    rows = [
        ("Data folder", loc.data_dir),
        ("Journal", loc.journal),
        ("Config folder", loc.config_dir),
        ("Your prompt sets", loc.user_prompts_dir),
        ("Backups folder", settings.backups_dir),
        ("Settings file", settings.config_file),
    ]
    for label, path in rows:
        exists = "" if path.exists() else "  (not created yet)"
        click.echo(f"{label + ':':<18}{path}{exists}")


def _filters(
    drafts: bool,
    flagged: bool,
    term: str | None,
    start: date | None,
    end: date | None,
    case: str | None,
    tag: str | None,
) -> Any:
    from reflect.core.records import EntryFilter

    if start and end and end < start:
        raise click.BadParameter("--to is before --from.", param_hint="'--to'")
    return EntryFilter(
        start=start,
        end=end,
        term=term,
        case_code=case,
        tag=tag,
        status="draft" if drafts else None,
        flagged=True if flagged else None,
    )


def _summary_json(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "visit_date": entry.visit_date.isoformat(),
        "case_code": entry.case_code,
        "visit_type": entry.visit_type,
        "status": entry.status,
        "flagged": entry.flagged,
        "themes": list(entry.themes),
        "first_words": entry.first_words,
    }


# The columns before an entry's first words: id, date, case code, kind, status, flag.
_ROW_HEAD = 63
# Where the output is not a terminal (a pipe, a file), rows keep this many words' characters.
_WORDS_OFF_TERMINAL = 44
_SNIPPET_INDENT = "        "


def _terminal_columns() -> int | None:
    """The terminal's width when standard output is one, else None (a pipe keeps full rows)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def _words_width() -> int:
    """How much of an entry's first words fits on its row: the line ends at the terminal's edge."""
    columns = _terminal_columns()
    if columns is None:
        return _WORDS_OFF_TERMINAL
    return max(12, columns - _ROW_HEAD - 1)


def _snippet_line(parts: Any, columns: int) -> str:
    """A search hit's excerpt, matches bold and underlined on a terminal, cut at its edge."""
    room = max(12, columns - len(_SNIPPET_INDENT) - 1)
    out: list[str] = []
    used = 0
    for part in parts:
        text = part.text
        if used + len(text) > room:
            text = text[: max(0, room - used - 1)] + "…"
        used += len(text)
        out.append(click.style(text, bold=True, underline=True) if part.match else text)
        if used >= room:
            break
    return _SNIPPET_INDENT + "".join(out)


def _row(entry: Any, width: int = _WORDS_OFF_TERMINAL) -> str:
    from reflect.core.vocab import VisitType

    words = entry.first_words
    if len(words) > width:
        words = words[: width - 1].rstrip() + "…"
    mark = "flagged" if entry.flagged else ""
    return (
        f"{entry.id:>6}  {entry.visit_date:%d %b %Y}  {entry.case_code:<10} "
        f"{VisitType(entry.visit_type).label:<12} {entry.status:<8} {mark:<7}  {words}"
    )


@click.command("list")
@click.option("--drafts", is_flag=True, help="Only drafts.")
@click.option("--flagged", is_flag=True, help="Only entries flagged for supervision.")
@click.option("--term", help="Only entries in this term (see 'reflect terms list').")
@registration_year_option
@click.option("--from", "start", type=DATE, help="From this visit date (2026-09-01 or 01/09/2026).")
@click.option("--to", "end", type=DATE, help="Up to this visit date.")
@click.option("--case", help="Only this case code.")
@click.option("--tag", help="Only entries with this theme, PCF domain or tag.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many (for paging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_settings
def list_command(
    settings: Settings,
    drafts: bool,
    flagged: bool,
    term: str | None,
    registration_year: Any,
    start: date | None,
    end: date | None,
    case: str | None,
    tag: str | None,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """List entries, newest visit first."""
    if drafts and flagged:
        raise click.UsageError("Choose --drafts or --flagged, not both.")
    if registration_year is not None:
        if term or start or end:
            raise click.UsageError("Choose --registration-year, --term or --from/--to.")
        start, end = registration_year.start, registration_year.end
    filters = _filters(drafts, flagged, term, start, end, case, tag)
    # Only read: the listing reader, which also reads a backup named by --db.
    with settings.searcher() as journal:
        page = journal.list_entries(filters, limit=limit, offset=offset)
        total = journal.count_entries(filters)
        # With nothing to show, whether the journal is empty or only the choices match none.
        everything = total if page.items or total else journal.count_entries()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "total": total,
                    "offset": offset,
                    "entries": [_summary_json(e) for e in page.items],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not page.items:
        if total:
            click.echo("No entries match.")
        elif everything:
            click.echo(
                f"No entries match: none of the {counted(everything, 'entry', 'entries')} "
                "in the journal fits these choices."
            )
        else:
            click.echo("No entries yet.")
        return
    for entry in page.items:
        click.echo(_row(entry, _words_width()))
    shown_to = offset + len(page.items)
    click.echo(f"\n{offset + 1} to {shown_to} of {counted(total, 'entry', 'entries')}.")
    if page.has_more:
        click.echo(f"More with --offset {shown_to}.")


@click.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_settings
def search(settings: Settings, query: str, limit: int, as_json: bool) -> None:
    """Search every entry's answers, case code and tags; best matches first."""
    from reflect.core.listing import fts_query

    if fts_query(query) is None:
        raise click.ClickException(_nothing_to_search(query))
    # Through the driver alone when the journal is up to date: no SQLAlchemy to
    # import, which was most of the command's time.
    with settings.searcher() as journal:
        hits = journal.search(query, limit=limit)
        # Counted only when the page is full: fewer hits than the limit are all there are.
        total = journal.count_matches(query) if len(hits) == limit else len(hits)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {**_summary_json(h.entry), "snippet": h.snippet_text(), "rank": h.rank}
                    for h in hits
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not hits:
        click.echo(f"Nothing matches {query!r}.")
        return
    columns = _terminal_columns()
    for hit in hits:
        click.echo(_row(hit.entry, _words_width()))
        if columns is None:  # a pipe or file: the excerpt whole, matches in [brackets]
            click.echo(_SNIPPET_INDENT + hit.snippet_text())
        else:
            click.echo(_snippet_line(hit.snippet, columns))
    click.echo("\n" + _how_many_shown(len(hits), total))


def _nothing_to_search(query: str) -> str:
    """The sentence for a search with no word in it (blank, punctuation, one letter)."""
    if not query.strip():
        return "There is nothing to search for: give a word, as in 'reflect search school'."
    return (
        f"There is nothing to search for in {query.strip()!r}: give a word of two letters or more."
    )


def _how_many_shown(shown: int, total: int) -> str:
    """ "20 of 1,734 matching entries, best first (--limit for more)." under the results."""
    if shown < total:
        return (
            f"{shown:,} of {counted(total, 'matching entry', 'matching entries')}, "
            "best first (--limit for more)."
        )
    if total == 1:
        return "1 matching entry."
    return f"All {counted(total, 'matching entry', 'matching entries')}, best first."


@click.command()
@click.option("--entries", "count", default=60, show_default=True, type=click.IntRange(1, 1000000))
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same entries.")
@click.option("--until", type=DATE, help="Latest visit date (default today).")
@click.option(
    "--into-real-journal",
    is_flag=True,
    help="Add them even though the journal holds entries of your own.",
)
@pass_settings
def sample(
    settings: Settings, count: int, seed: int, until: date | None, into_real_journal: bool
) -> None:
    """Fill the journal with invented entries, to try Reflect out or to test it.

    Every family, event and word is made up. Use --db to keep them out of your
    real journal: a journal with entries of your own is refused unless you add
    --into-real-journal.
    """
    from reflect.core.sample import fill_journal
    from reflect.core.sample_sessions import add_sample_sessions

    with settings.journal(create=True) as journal:
        real = journal.count_real_entries()
        if real and not into_real_journal:
            raise click.ClickException(
                f"{settings.locations.journal} holds "
                f"{counted(real, 'entry that is', 'entries that are')} not invented; "
                "use --db NEW_FILE for a sample journal, or add --into-real-journal "
                "to mix invented entries in with them."
            )
        added = fill_journal(journal, settings.library(), count, seed=seed, until=until)
        # Not beside entries of the worker's own: an invented session would
        # become their "last supervision", and sessions carry no invented mark.
        sessions = 0 if real else add_sample_sessions(journal, until)
        # A journal this large searches its commonest words from rankings
        # kept ahead (reflect/core/kept_rankings.py); none below that size.
        if not journal.rankings_kept():
            from reflect.cli.progress import terminal_progress

            with terminal_progress("Preparing search", "words") as progress:
                journal.keep_rankings(progress)
    click.echo(
        f"Added {counted(added, 'invented entry', 'invented entries')} to "
        f"{settings.locations.journal}."
    )
    if sessions:
        said = counted(sessions, "invented supervision session", "invented supervision sessions")
        click.echo(
            f"Added {said} that discussed some of the flagged entries; "
            "press s in the app to see them."
        )
    elif real:
        click.echo(
            "No supervision session was added: your own last supervision stays the last one."
        )


@click.command()
@click.option(
    "--plain",
    is_flag=True,
    help="Ask line by line on standard input and output, without the full-screen "
    "interface (for screen readers, dictation and small terminals).",
)
@pass_settings
def new(settings: Settings, plain: bool) -> None:
    """Write a new reflection straight away."""
    if plain:
        from reflect.cli.plain import run_plain

        run_plain(settings)
        return
    run_app(settings, start="new")


@click.command()
@click.option("--entries", "count", default=60, show_default=True, type=click.IntRange(1, 5000))
@pass_settings
def demo(settings: Settings, count: int) -> None:
    """Open Reflect on a temporary journal of invented entries; it is deleted afterwards."""
    import tempfile

    from reflect.core.journal import Journal
    from reflect.core.sample import fill_journal
    from reflect.core.sample_sessions import add_sample_sessions

    with tempfile.TemporaryDirectory(prefix="reflect-demo-") as folder:
        journal = Journal.open(Path(folder) / "demo.db")
        try:
            library = settings.library()
            # Readable sentences only: the demo is read by people trying
            # Reflect, and the long tail's invented words read as nonsense.
            fill_journal(journal, library, count, seed=7, long_tail=False)
            add_sample_sessions(journal)
            make_app(journal, library, demo=True).run()
        finally:
            journal.close()
