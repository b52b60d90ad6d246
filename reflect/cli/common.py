"""What every command shares: the run's settings, dates, passphrases, and the app factory.

Heavy imports (Textual, SQLModel) happen inside the functions that need them,
so ``reflect --help`` and ``reflect --version`` answer at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from reflect.core.dates import parse_date
from reflect.paths import Locations

if TYPE_CHECKING:
    from textual.app import App

    from reflect.core.journal import Journal
    from reflect.core.listing import ListingMixin
    from reflect.core.prompts import PromptLibrary
    from reflect.core.reading import Reader, ReadMixin
    from reflect.core.writer import Writer

    R = TypeVar("R", bound=Reader)


@contextmanager
def _backup_as_journal(kind: type[R], path: Path, passphrase: str | None) -> Iterator[R | Journal]:
    """The backup at ``path`` opened to read, as the journal it holds; the backup is not written."""
    from reflect.cli.progress import terminal_progress
    from reflect.core.backup_reading import journal_from_backup
    from reflect.core.journal import Journal

    with ExitStack() as copy:
        # The progress line ends once the copy is built, before the command's output.
        with terminal_progress("Reading the backup", None) as progress:
            built = copy.enter_context(journal_from_backup(path, passphrase, progress))
        reader = kind.open(built, passphrase=passphrase)
        # An older backup's copy is upgraded (it is thrown away after).
        with reader if reader is not None else Journal.open(built, passphrase=passphrase) as opened:
            yield opened


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
    # A journal this run made without a passphrase (`new_plain_notice`).
    made_plain: Path | None = None

    @property
    def backups_dir(self) -> Path:
        """Where this journal's backups go (`Locations.backups_for`)."""
        return self.locations.backups_for(self.journal_chosen)

    @property
    def config_file(self) -> Path:
        """The settings file (backups); it need not exist."""
        return self.locations.config_dir / "config.toml"

    def refuse_emptied(self) -> None:
        """Stop if the journal file is empty (0 bytes) and has backups: it was lost, not new.

        Made into a new journal by the next command, it was then called "in
        good order" by check, and its backups were no longer mentioned
        (review 25).
        """
        from reflect.core.errors import missing_journal, newest_backup
        from reflect.core.opening import Kind, probe

        path = self.locations.journal
        if probe(path) is Kind.EMPTY and newest_backup(self.backups_dir) is not None:
            raise missing_journal(path, self.backups_dir, chosen=self.journal_chosen, empty=True)

    @contextmanager
    def journal(self, *, create: bool = False, tell_notices: bool = True) -> Iterator[Journal]:
        """Open the journal for one command; a missing journal is an error unless ``create``.

        What opening repaired is said on stderr, unless ``tell_notices`` is
        False (the app shows it on screen instead).
        """
        from reflect.core.journal import Journal

        path, passphrase, made_plain = self._before_opening(create)
        journal = Journal.open(
            path, create=create, passphrase=passphrase, backups_dir=self.backups_dir
        )
        if tell_notices:
            tell(journal.notices)
        try:
            yield journal
        finally:
            journal.close()
        if made_plain and tell_notices:
            self.made_plain = path  # said once the command has done its work

    def _before_opening(self, create: bool) -> tuple[Path, str | None, bool]:
        """The journal's path and passphrase, checked for opening; whether it is made plain."""
        from reflect.core.errors import missing_journal
        from reflect.core.opening import Kind, probe

        path = self.locations.journal
        if not path.exists() and not create:
            raise missing_journal(path, self.backups_dir, chosen=self.journal_chosen)
        self.refuse_emptied()
        if create and not self.journal_chosen:
            self.locations.ensure()
        passphrase = passphrase_for(path)
        announce_upgrade(path)
        made_plain = create and passphrase is None and probe(path) in (Kind.MISSING, Kind.EMPTY)
        return path, passphrase, made_plain

    @contextmanager
    def writer(self) -> Iterator[Writer | Journal]:
        """Open (or make) the journal to import into, as `journal(create=True)` does.

        Through the driver alone when the journal is up to date or new
        (`reflect.core.writer`: no SQLAlchemy to import); one that needs
        upgrading first is opened, and upgraded, as a full `Journal`.
        """
        from reflect.core.writer import Writer

        path, passphrase, made_plain = self._before_opening(create=True)
        opened: Writer | Journal | None = Writer.open(
            path, passphrase=passphrase, backups_dir=self.backups_dir
        )
        if opened is None:
            from reflect.core.journal import Journal

            opened = Journal.open(path, passphrase=passphrase, backups_dir=self.backups_dir)
        tell(opened.notices)
        try:
            yield opened
        finally:
            opened.close()
        if made_plain:
            self.made_plain = path  # said once the command has done its work

    @contextmanager
    def reader(self) -> Iterator[ReadMixin]:
        """Open the journal only to read it: through the driver when it is up to date.

        Export takes this path, which skips importing SQLAlchemy; a journal that
        needs upgrading first is opened (and upgraded) as a full `Journal`.
        """
        from reflect.core.reading import Reader

        with self._read_only(Reader) as reader:
            yield reader

    @contextmanager
    def searcher(self) -> Iterator[ListingMixin]:
        """Open the journal to search it, as `reader` does (no SQLAlchemy when up to date)."""
        from reflect.core.listing import SearchReader

        with self._read_only(SearchReader) as reader:
            yield reader

    @contextmanager
    def _read_only(self, kind: type[R]) -> Iterator[R | Journal]:
        from reflect.core.errors import NotAJournal

        path = self.locations.journal
        if path.exists():
            passphrase = passphrase_for(path)
            try:
                reader = kind.open(path, passphrase=passphrase, backups_dir=self.backups_dir)
            except NotAJournal:
                # A backup named by --db (the journal kept by a restore) is
                # read through a copy built from it: only read commands do this.
                from reflect.core.backup_reading import is_backup

                if not is_backup(path, passphrase):
                    raise
                with _backup_as_journal(kind, path, passphrase) as from_backup:
                    yield from_backup
                return
            if reader is not None:
                tell(reader.notices)
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


def tell(notices: tuple[str, ...]) -> None:
    """Say on stderr, once, what opening the journal repaired."""
    for notice in notices:
        click.echo(f"reflect: {notice}", err=True)


def new_plain_notice(path: Path) -> str:
    """What a command that has just made a journal without a passphrase says about it."""
    return (
        f"made a new journal at {path}; it is not encrypted: 'reflect encrypt' locks it "
        "with a passphrase."
    )


def announce_upgrade(path: Path) -> None:
    """Say so on stderr before a long one-off upgrade, so the wait is not taken for a hang.

    A newer Reflect may rebuild the search index when it first opens an older
    journal: about a second per 2,000 entries (48 s at 100,000).
    """
    from reflect.core.errors import JournalError
    from reflect.core.files import LATEST_VERSION
    from reflect.core.opening import Kind, inspect, probe

    try:
        if path.stat().st_size < UPGRADE_NOTICE_BYTES or probe(path) is not Kind.PLAIN:
            return  # an encrypted journal cannot be read without its key: no notice
        version = inspect(path, create=False, passphrase=None, tidy=False).version
    except (OSError, JournalError):
        return
    if 0 < version < LATEST_VERSION:
        click.echo(
            "reflect: updating your journal for this version of Reflect. This happens once, "
            "and can take a minute for a large journal...",
            err=True,
        )


def passphrase_for(path: Path, what: str = "the journal", *, maybe_cut: bool = False) -> str | None:
    """The passphrase an encrypted file needs: REFLECT_PASSPHRASE, or asked for; None if plain.

    A journal about to be created is encrypted when REFLECT_PASSPHRASE is set.
    With ``maybe_cut`` (a backup to restore) a file of at least one page that
    is neither SQLite nor whole pages may be an encrypted backup cut short:
    its passphrase is taken too, and asked for in a terminal, so the restore
    can say it is cut short rather than not a backup at all.
    """
    from reflect.core.errors import PassphraseNeeded
    from reflect.core.opening import ENV_PASSPHRASE, SQLCIPHER_PAGE, Kind, probe

    kind = probe(path)
    if kind in (Kind.MISSING, Kind.EMPTY):
        return os.environ.get(ENV_PASSPHRASE)
    cut = maybe_cut and kind is Kind.OTHER and path.stat().st_size >= SQLCIPHER_PAGE
    if kind is not Kind.ENCRYPTED and not cut:
        return None
    given = os.environ.get(ENV_PASSPHRASE)
    if given is not None:
        return given
    # Before asking, the deep look: a plain journal with damaged first bytes
    # is told so when it is opened, not taken for an encrypted one.
    if probe(path, deep=True) is Kind.DAMAGED:
        return None
    if not sys.stdin.isatty():
        if cut:
            return None  # said to be no backup, unless REFLECT_PASSPHRASE opens it
        raise PassphraseNeeded(
            f"{path} is encrypted, or not a Reflect journal: if it is encrypted, set "
            f"{ENV_PASSPHRASE}, or run this in a terminal to be asked for the passphrase."
        )
    import getpass

    question = f"Passphrase for {what} ({path.name}): "
    if cut or not what.startswith("the journal"):
        return getpass.getpass(question)
    return _asked_until_it_opens(path, question, getpass.getpass)


# A person typing gets three tries, as at a login; a script's passphrase gets one.
PASSPHRASE_TRIES = 3


def _asked_until_it_opens(path: Path, question: str, ask: Any) -> str:
    """The journal's passphrase, asked again (up to three tries) while it does not open it.

    The key derived to check it is kept for this process, so the open that
    follows derives nothing again.
    """
    from reflect.core.crypto import read_encrypted_version
    from reflect.core.errors import WrongPassphrase

    for left in range(PASSPHRASE_TRIES - 1, -1, -1):
        typed = str(ask(question))
        try:
            read_encrypted_version(path, typed)
        except WrongPassphrase:
            if not left:
                raise
            tries = "1 more try" if left == 1 else f"{left} more tries"
            click.echo(f"That passphrase does not open {path.name}: {tries}.", err=True)
            continue
        except Exception:
            return typed  # any other problem is said where the journal is opened
        return typed
    raise AssertionError("unreachable")  # pragma: no cover


def run_app(settings: Settings, **options: Any) -> None:
    """Open the app on the journal: unlocking it, or offering a passphrase on first use."""
    from reflect.core.opening import ENV_PASSPHRASE, Kind, probe

    path = settings.locations.journal
    library = settings.library()
    options.update(backups_dir=settings.backups_dir, config_file=settings.config_file)
    kind = probe(path)
    is_new = kind in (Kind.MISSING, Kind.EMPTY)
    # Before asking (the unlock screen), the deep look, as in passphrase_for.
    locked = kind is Kind.ENCRYPTED and probe(path, deep=True) is Kind.ENCRYPTED
    if is_new and not os.environ.get(ENV_PASSPHRASE):
        if not settings.journal_chosen:
            settings.locations.ensure()
        elif not path.parent.is_dir():
            raise click.ClickException(f"The folder {path.parent} does not exist.")
        # The first screen offers a passphrase before the journal is written.
        app = make_app(None, library, journal_path=path, first_run=True, **options)
    elif locked and ENV_PASSPHRASE not in os.environ:
        app = make_app(None, library, journal_path=path, **options)  # the unlock screen
    else:
        with settings.journal(create=True, tell_notices=False) as journal:
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
