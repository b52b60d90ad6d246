"""Commands that keep the journal safe: encrypt, decrypt, passphrase, backup, restore."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from reflect.cli.common import Settings, pass_settings, passphrase_for

ENV_NEW_PASSPHRASE = "REFLECT_NEW_PASSPHRASE"


def _new_passphrase(env_name: str) -> str:
    """A new passphrase: from ``env_name`` for scripts, or typed twice."""
    from reflect.core import crypto

    given = os.environ.get(env_name)
    if given is None:
        if not sys.stdin.isatty():
            raise click.ClickException(
                f"Set {env_name} to the new passphrase, or run this in a terminal to type it."
            )
        import getpass

        given = getpass.getpass("New passphrase (a few words is easiest): ")
        if getpass.getpass("The same again: ") != given:
            raise click.ClickException("The two passphrases do not match. Nothing was changed.")
    problem = crypto.check_passphrase(given)
    if problem:
        raise click.ClickException(f"{problem} Nothing was changed.")
    return given


def _backup_files(settings: Settings) -> list[Path]:
    folder = settings.backups_dir
    return sorted(folder.glob("journal-*.db")) if folder.is_dir() else []


def _convert_backups(settings: Settings, old: str | None, new: str | None) -> tuple[int, int]:
    """Bring the backups in line with the journal; (converted, left as they were)."""
    from reflect.core import crypto
    from reflect.core.files import JournalError

    done = left = 0
    for backup in _backup_files(settings):
        encrypted = crypto.is_encrypted(backup)
        if (old is None and encrypted) or (new is None and not encrypted):
            continue  # already as wanted, or under a passphrase we do not have
        try:
            crypto.convert(backup, old if encrypted else None, new, lock=False)
            done += 1
        except JournalError:
            left += 1
    return done, left


def _backups_note(done: int, left: int) -> str:
    note = f" {done} backup{'s' if done != 1 else ''} changed to match." if done else ""
    if left:
        note += (
            f" {left} older backup{'s' if left != 1 else ''} under another passphrase "
            "left as they were."
        )
    return note


def _existing_journal(settings: Settings) -> Path:
    path = settings.locations.journal
    if not path.exists():
        raise click.ClickException(f"There is no journal at {path}.")
    return path


@click.command()
@pass_settings
def encrypt(settings: Settings) -> None:
    """Lock the journal with a passphrase (and its backups with it).

    The journal is copied into a new encrypted file, checked, and only then put
    in place of the plain one. Scripts can give the passphrase in
    REFLECT_PASSPHRASE.
    """
    from reflect.core import crypto

    path = _existing_journal(settings)
    crypto.sqlcipher()  # say at once if encryption is not available here
    if crypto.is_encrypted(path):
        raise click.ClickException(
            f"{path} is already encrypted. 'reflect passphrase' changes its passphrase."
        )
    new = _new_passphrase(crypto.ENV_PASSPHRASE)
    crypto.convert(path, None, new)
    note = _backups_note(*_convert_backups(settings, None, new))
    click.echo(
        f"Encrypted {path}.{note} Keep the passphrase somewhere safe: without it nobody, "
        "not even you, can open the journal."
    )


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask first.")
@pass_settings
def decrypt(settings: Settings, yes: bool) -> None:
    """Remove the journal's encryption (its backups too), after asking."""
    from reflect.core import crypto

    path = _existing_journal(settings)
    if not crypto.is_encrypted(path):
        raise click.ClickException(f"{path} is not encrypted.")
    old = passphrase_for(path)
    assert old is not None
    crypto.read_encrypted_version(path, old)  # a wrong passphrase stops here
    if not yes and not click.confirm(
        "Store the journal without encryption? Anyone with this computer's disk could "
        "then read it.",
        default=False,
    ):
        raise click.ClickException("Nothing was changed.")
    crypto.convert(path, old, None)
    note = _backups_note(*_convert_backups(settings, old, None))
    click.echo(f"{path} is no longer encrypted.{note}")


@click.command()
@pass_settings
def passphrase(settings: Settings) -> None:
    """Change the journal's passphrase (and its backups' with it).

    Scripts give the current one in REFLECT_PASSPHRASE and the new one in
    REFLECT_NEW_PASSPHRASE.
    """
    from reflect.core import crypto

    path = _existing_journal(settings)
    if not crypto.is_encrypted(path):
        raise click.ClickException(f"{path} is not encrypted: 'reflect encrypt' locks it.")
    old = passphrase_for(path, "the journal (current passphrase)")
    assert old is not None
    crypto.read_encrypted_version(path, old)
    new = _new_passphrase(ENV_NEW_PASSPHRASE)
    crypto.convert(path, old, new)
    note = _backups_note(*_convert_backups(settings, old, new))
    click.echo(f"The passphrase of {path} is changed.{note}")


@click.command()
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the backup here (default: a dated file in the backups folder).",
)
@pass_settings
def backup(settings: Settings, target: Path | None) -> None:
    """Make a checked backup of the journal now (encrypted if the journal is)."""
    from reflect.core.backup import make_backup, manual_backup_name
    from reflect.paths import make_private_dir

    _existing_journal(settings)
    if target is None:
        make_private_dir(settings.backups_dir)
        target = settings.backups_dir / manual_backup_name(datetime.now())
    with settings.journal() as journal:
        made = make_backup(journal, target.absolute())
        count = journal.count_entries()
    click.echo(f"Backed up {count} entr{'y' if count == 1 else 'ies'} to {made}.")


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask first.")
@pass_settings
def restore(settings: Settings, source: Path, yes: bool) -> None:
    """Put a backup in place of the journal; the journal as it is now is kept as a backup."""
    from reflect.core import search_index
    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal
    from reflect.core.lock import exclusive
    from reflect.core.store import check_journal
    from reflect.paths import make_private_dir

    path = settings.locations.journal
    source = source.absolute()
    if source == path.absolute():
        raise click.ClickException("That is the journal itself, not a backup of it.")
    backup_key = passphrase_for(source, "the backup")
    with Journal.open(source, create=False, passphrase=backup_key, lock=False) as b:
        problems = check_journal(b.engine)
        if search_index.is_left_out(b.engine):  # made so: rebuilt below
            problems = [p for p in problems if not p.startswith("search index")]
        entries = b.count_entries()
    if problems:
        raise click.ClickException(
            f"{source} did not check out ({problems[0]}); the journal was not changed."
        )
    if not yes and not click.confirm(
        f"Replace the journal with {source.name} ({entries} entries)? The journal as it is "
        "now is kept as a backup first.",
        default=False,
    ):
        raise click.ClickException("Nothing was changed.")
    kept = None
    if path.exists():
        make_private_dir(settings.backups_dir)
        kept = settings.backups_dir / f"journal-{datetime.now():%Y-%m-%d-%H%M%S}-before-restore.db"
        with settings.journal() as current:
            make_backup(current, kept)
    else:
        make_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.restoring")
    with exclusive(path):
        try:
            shutil.copyfile(source, temporary)
            os.chmod(temporary, 0o600)
            with temporary.open("rb") as handle:
                os.fsync(handle.fileno())
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    with settings.journal() as restored:
        if search_index.is_left_out(restored.engine):
            search_index.rebuild_in_steps(restored.engine, _progress("Rebuilding the search index"))
    where = f" The journal as it was is kept in {kept}." if kept else ""
    click.echo(f"Restored {entries} entries from {source}.{where}")


def _progress(what: str) -> Callable[[int, int], None]:
    """Report ``done`` of ``total`` on standard error, at most every tenth of the way."""
    shown = [-1]

    def report(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth != shown[0]:
            shown[0] = tenth
            click.echo(f"{what}: {done:,} of {total:,} entries.", err=True)

    return report


@click.command()
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
