"""The ``reflect`` command: the terminal app, and subcommands for scripts and quick looks.

Heavy imports (Textual, SQLModel) happen inside the commands that need them,
so ``reflect --help`` and ``reflect --version`` answer at once. Every mistake a
user can make ends in one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reflect import __version__
from reflect.core.dates import parse_date
from reflect.paths import ENV_DB, Locations, private_umask

if TYPE_CHECKING:
    from textual.app import App

    from reflect.core.journal import Journal
    from reflect.core.prompts import PromptLibrary
    from reflect.core.reading import ReadMixin


class DateParam(click.ParamType):  # type: ignore[type-arg]
    """A date as 2026-11-22, 22/11/2026, 'today' or 'yesterday'."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateParam()


@dataclass
class Settings:
    """What every command needs to know about this run."""

    locations: Locations
    journal_chosen: bool

    @property
    def backups_dir(self) -> Path:
        """Where this journal's backups go: beside a journal chosen with --db, else the usual."""
        if self.journal_chosen:
            path = self.locations.journal
            return path.parent / f"{path.stem}-backups"
        return self.locations.backups_dir

    @property
    def config_file(self) -> Path:
        """The settings file (backups); it need not exist."""
        return self.locations.config_dir / "config.toml"

    @contextmanager
    def journal(self, *, create: bool = False) -> Iterator[Journal]:
        """Open the journal for one command; a missing journal is an error unless ``create``."""
        from reflect.core.files import JournalError
        from reflect.core.journal import Journal

        path = self.locations.journal
        if not path.exists() and not create:
            hint = (
                "" if self.journal_chosen else " Start one with 'reflect', or try 'reflect demo'."
            )
            raise JournalError(f"There is no journal at {path}.{hint}")
        if create and not self.journal_chosen:
            self.locations.ensure()
        passphrase = passphrase_for(path)
        announce_upgrade(path)
        journal = Journal.open(path, create=create, passphrase=passphrase)
        try:
            yield journal
        finally:
            journal.close()

    @contextmanager
    def reader(self) -> Iterator[ReadMixin]:
        """Open the journal only to read it: through the driver when it is up to date.

        Export takes this path, which skips importing SQLAlchemy; a journal that
        needs upgrading first is opened (and upgraded) as a full `Journal`.
        """
        from reflect.core.reading import Reader

        path = self.locations.journal
        if path.exists():
            reader = Reader.open(path, passphrase=passphrase_for(path))
            if reader is not None:
                with reader:
                    yield reader
                return
        with self.journal() as journal:
            yield journal

    def library(self) -> PromptLibrary:
        """The prompt sets, bundled and the user's own; problems go to stderr."""
        from reflect.core.prompts import load_library

        library = load_library(self.locations.user_prompts_dir)
        for notice in library.notices:
            click.echo(f"reflect: {notice}", err=True)
        for problem in library.problems:
            click.echo(f"reflect: skipped a prompt set: {problem}", err=True)
        return library


# From this size an upgrade that rebuilds the search index takes seconds.
UPGRADE_NOTICE_BYTES = 20 * 1024 * 1024


def announce_upgrade(path: Path) -> None:
    """Say so on stderr before a long one-off upgrade, so the wait is not taken for a hang.

    A newer Reflect may rebuild the search index when it first opens an older
    journal: about a second per 2,000 entries (48 s at 100,000).
    """
    from reflect.core.files import LATEST_VERSION, JournalError, read_user_version

    try:
        if path.stat().st_size < UPGRADE_NOTICE_BYTES:
            return
        version = read_user_version(path)  # an encrypted journal cannot be read: no notice
    except (OSError, JournalError):
        return
    if 0 < version < LATEST_VERSION:
        click.echo(
            "reflect: updating your journal for this version of Reflect. This happens once, "
            "and can take a minute for a large journal...",
            err=True,
        )


def passphrase_for(path: Path, what: str = "the journal") -> str | None:
    """The passphrase an encrypted file needs: REFLECT_PASSPHRASE, or asked for; None if plain.

    A journal about to be created is encrypted when REFLECT_PASSPHRASE is set.
    """
    from reflect.core import crypto

    if not path.exists() or path.stat().st_size == 0:
        return os.environ.get(crypto.ENV_PASSPHRASE)
    if not crypto.is_encrypted(path):
        return None
    given = os.environ.get(crypto.ENV_PASSPHRASE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise crypto.PassphraseNeeded(
            f"{path} is encrypted: set {crypto.ENV_PASSPHRASE}, or run this in a terminal "
            "to be asked for the passphrase."
        )
    import getpass

    return getpass.getpass(f"Passphrase for {what} ({path.name}): ")


def _user_errors() -> tuple[type[BaseException], ...]:
    import sqlite3

    from sqlalchemy.exc import DatabaseError

    from reflect.core.files import JournalError
    from reflect.core.prompts import PromptSetInvalid

    return (
        JournalError,
        PromptSetInvalid,
        DatabaseError,
        sqlite3.DatabaseError,
        KeyError,
        ValueError,
        OSError,
    )


def _describe(exc: BaseException) -> str:
    import sqlite3

    from sqlalchemy.exc import DatabaseError

    from reflect.core.files import plain_message

    if isinstance(exc, DatabaseError | sqlite3.DatabaseError | OSError):
        return plain_message(exc)
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    return str(exc).strip() or type(exc).__name__


class ReflectGroup(click.Group):
    """A group whose errors are one plain line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, BrokenPipeError):
            raise
        except _user_errors() as exc:
            raise click.ClickException(_describe(exc)) from None

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args, prog_name or "reflect", complete_var, standalone_mode=False, **extra
            )
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "reflect"
            click.echo(f"reflect: {exc.format_message()} (see '{command} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"reflect: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("reflect: stopped.", err=True)
            sys.exit(1)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


@click.group("reflect", cls=ReflectGroup, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="reflect")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Use the journal at this path instead of the usual one (or set {ENV_DB}).",
)
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Reflect: a private reflective practice journal for child and family social work.

    Run it with no command to open the journal. Everything stays on this
    computer unless you export it.
    """
    chosen = db is not None or bool(os.environ.get(ENV_DB))
    ctx.obj = Settings(Locations.resolve(db), journal_chosen=chosen)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj)


def run_app(settings: Settings, **options: Any) -> None:
    """Open the app on the journal: unlocking it, or offering a passphrase on first use."""
    from reflect.core import crypto

    path = settings.locations.journal
    library = settings.library()
    options.update(backups_dir=settings.backups_dir, config_file=settings.config_file)
    is_new = not path.exists() or path.stat().st_size == 0
    locked = not is_new and crypto.is_encrypted(path)
    if is_new and not os.environ.get(crypto.ENV_PASSPHRASE):
        if not settings.journal_chosen:
            settings.locations.ensure()
        elif not path.parent.is_dir():
            raise click.ClickException(f"The folder {path.parent} does not exist.")
        # The first screen offers a passphrase before the journal is written.
        app = make_app(None, library, journal_path=path, first_run=True, **options)
    elif locked and crypto.ENV_PASSPHRASE not in os.environ:
        app = make_app(None, library, journal_path=path, **options)  # the unlock screen
    else:
        with settings.journal(create=True) as journal:
            make_app(journal, library, **options).run()
        return
    try:
        app.run()
    finally:
        opened = getattr(app, "journal", None)
        if opened is not None:
            opened.close()


def make_app(journal: Journal | None, library: PromptLibrary, **options: Any) -> App[None]:
    """Build the terminal app; the command line and the tests both use this."""
    from reflect.tui.app import ReflectApp

    return ReflectApp(journal=journal, library=library, **options)


pass_settings = click.make_pass_decorator(Settings)


@cli.command()
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


def _row(entry: Any, width: int = 44) -> str:
    from reflect.core.vocab import VisitType

    words = entry.first_words
    if len(words) > width:
        words = words[: width - 1].rstrip() + "…"
    mark = "flagged" if entry.flagged else ""
    return (
        f"{entry.id:>6}  {entry.visit_date:%d %b %Y}  {entry.case_code:<10} "
        f"{VisitType(entry.visit_type).label:<12} {entry.status:<8} {mark:<7}  {words}"
    )


@cli.command("list")
@click.option("--drafts", is_flag=True, help="Only drafts.")
@click.option("--flagged", is_flag=True, help="Only entries flagged for supervision.")
@click.option("--term", help="Only entries in this term (see 'reflect terms list').")
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
    filters = _filters(drafts, flagged, term, start, end, case, tag)
    with settings.journal() as journal:
        page = journal.list_entries(filters, limit=limit, offset=offset)
        total = journal.count_entries(filters)
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
        click.echo("No entries match." if total else "No entries yet.")
        return
    for entry in page.items:
        click.echo(_row(entry))
    shown_to = offset + len(page.items)
    click.echo(f"\n{offset + 1} to {shown_to} of {total} entries.")
    if page.has_more:
        click.echo(f"More with --offset {shown_to}.")


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_settings
def search(settings: Settings, query: str, limit: int, as_json: bool) -> None:
    """Search every entry's answers, case code and tags; best matches first."""
    with settings.journal() as journal:
        hits = journal.search(query, limit=limit)
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
    bold = sys.stdout.isatty()
    for hit in hits:
        click.echo(_row(hit.entry))
        snippet = (
            "".join(
                click.style(p.text, bold=True, underline=True) if p.match else p.text
                for p in hit.snippet
            )
            if bold
            else hit.snippet_text()
        )
        click.echo(f"        {snippet}")


@cli.command()
@click.option("--entries", "count", default=60, show_default=True, type=click.IntRange(1, 1000000))
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same entries.")
@click.option("--until", type=DATE, help="Latest visit date (default today).")
@pass_settings
def sample(settings: Settings, count: int, seed: int, until: date | None) -> None:
    """Fill the journal with invented entries, to try Reflect out or to test it.

    Every family, event and word is made up. Use --db to keep them out of your
    real journal.
    """
    from reflect.core.sample import fill_journal

    with settings.journal(create=True) as journal:
        added = fill_journal(journal, settings.library(), count, seed=seed, until=until)
    click.echo(f"Added {added} invented entries to {settings.locations.journal}.")


@cli.command()
@pass_settings
def new(settings: Settings) -> None:
    """Write a new reflection straight away."""
    run_app(settings, start="new")


@cli.command()
@click.option("--entries", "count", default=60, show_default=True, type=click.IntRange(1, 5000))
@pass_settings
def demo(settings: Settings, count: int) -> None:
    """Open Reflect on a temporary journal of invented entries; it is deleted afterwards."""
    import tempfile

    from reflect.core.journal import Journal
    from reflect.core.sample import add_sample_sessions, fill_journal

    with tempfile.TemporaryDirectory(prefix="reflect-demo-") as folder:
        journal = Journal.open(Path(folder) / "demo.db")
        try:
            library = settings.library()
            fill_journal(journal, library, count, seed=7)
            add_sample_sessions(journal)
            make_app(journal, library, demo=True).run()
        finally:
            journal.close()


@cli.group()
def prompts() -> None:
    """List, read, check and create prompt sets."""


@prompts.command("list")
@pass_settings
def prompts_list(settings: Settings) -> None:
    """List the prompt sets you can choose from."""
    library = settings.library()
    for prompt_set in sorted(library.sets.values(), key=lambda s: s.id):
        where = "" if prompt_set.origin == "bundled" else f"  (yours: {prompt_set.origin})"
        click.echo(f"{prompt_set.id:<12} {prompt_set.name} (version {prompt_set.version}){where}")
        click.echo(f"{'':<12} {len(prompt_set.prompts)} steps. {prompt_set.when_to_use}")


@prompts.command("show")
@click.argument("set_id")
@pass_settings
def prompts_show(settings: Settings, set_id: str) -> None:
    """Show every question and hint of one prompt set."""
    prompt_set = settings.library().get(set_id)
    click.echo(f"{prompt_set.name} ({prompt_set.id}, version {prompt_set.version})")
    click.echo(prompt_set.description)
    if prompt_set.when_to_use:
        click.echo(f"When to use it: {prompt_set.when_to_use}")
    for number, prompt in enumerate(prompt_set.prompts, start=1):
        optional = " (optional)" if prompt.optional else ""
        click.echo(f"\n{number}. {prompt.theme}{optional}  [{prompt.id}]")
        click.echo(f"   {prompt.question}")
        if prompt.hint:
            click.echo(f"   Hint: {prompt.hint}")
        for cue in prompt.cues:
            click.echo(f"   - {cue}")
        if prompt.pcf:
            click.echo(f"   PCF: {'; '.join(prompt.pcf)}")
    if prompt_set.sources:
        click.echo("\nSources:")
        for key, citation in prompt_set.sources.items():
            click.echo(f"  [{key}] {citation}")


@prompts.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def prompts_check(file: Path) -> None:
    """Check a prompt file; prints every problem with its line, or that it is valid."""
    from reflect.core.prompts import PromptSetInvalid, load_prompt_file

    try:
        prompt_set = load_prompt_file(file)
    except PromptSetInvalid as invalid:
        for problem in invalid.problems:
            click.echo(str(problem), err=True)
        count = len(invalid.problems)
        raise click.ClickException(
            f"{file} has {count} problem{'s' if count != 1 else ''}."
        ) from None
    click.echo(
        f"{file} is a valid prompt set: {prompt_set.id!r} with {len(prompt_set.prompts)} steps."
    )


@prompts.command("new")
@click.argument("set_id")
@pass_settings
def prompts_new(settings: Settings, set_id: str) -> None:
    """Write a commented starter prompt set to your prompts folder and print its path."""
    from reflect.core.prompts import write_starter

    path = write_starter(settings.locations.user_prompts_dir, set_id)
    click.echo(str(path))


@cli.group()
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
    """Add this academic year's UK terms (Autumn, Spring, Summer); overlaps are skipped."""
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


@cli.command()
@click.option("--repair-search", is_flag=True, help="Rebuild the search index if it is damaged.")
@pass_settings
def check(settings: Settings, repair_search: bool) -> None:
    """Check the journal file, its links and its search index; say how to recover if needed."""
    from reflect.core.store import check_journal, rebuild_search_index

    with settings.journal() as journal:
        problems = check_journal(journal.engine)
        if problems and repair_search and all(p.startswith("search index") for p in problems):
            rebuild_search_index(journal.engine)
            problems = check_journal(journal.engine)
            if not problems:
                click.echo("The search index was rebuilt. The journal is ok.")
                return
    if not problems:
        click.echo(f"ok: {settings.locations.journal} is in good order.")
        return
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if all(p.startswith("search index") for p in problems):
        advice = "Only the search index is affected: run 'reflect check --repair-search'."
    else:
        advice = (
            "Export what you can ('reflect export'), keep a copy of the file, and put the "
            "most recent backup back with 'reflect restore FILE' ('reflect locate' shows "
            "the backups folder)."
        )
    raise click.ClickException(f"The journal has {len(problems)} problem(s). {advice}")


def main() -> None:
    """Entry point of the ``reflect`` console script."""
    private_umask()
    try:
        cli.main(prog_name="reflect")
    except BrokenPipeError:
        # The reader went away (``reflect list | head``): stop quietly, as the
        # Python docs advise, without a second error while flushing stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


# Commands that live in their own modules; importing one adds its commands
# to the group: keeping the journal safe, and export and import.
from reflect import export_cli, safety_cli  # noqa: E402,F401
