"""Commands that keep the journal safe: encrypt, decrypt, passphrase, restore, check.

``reflect backup`` is in ``backups``.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reflect.cli.common import Settings, pass_settings, passphrase_for, tell
from reflect.cli.progress import terminal_progress
from reflect.core.counting import counted

if TYPE_CHECKING:
    from reflect.core.rekey import Rekeyed

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


def _backups_note(done: int, left: int) -> str:
    note = f" {counted(done, 'backup', 'backups')} changed to match." if done else ""
    if left:
        note += " " + counted(
            left,
            "older backup under another passphrase left as it was.",
            "older backups under another passphrase left as they were.",
        )
    return note


def _still_readable(done: Rekeyed, backups_dir: Path) -> str:
    """Warnings about plain copies an encrypt could not reach."""
    note = ""
    aside = done.readable_aside
    if aside:
        # counted says the count; the pronouns far after it agree with it by hand.
        one = len(aside) == 1
        note += (
            f"\nWarning: {counted(len(aside), 'damaged journal', 'damaged journals')} moved "
            "aside by 'reflect restore' cannot be encrypted and will stay "
            f"readable: {'; '.join(str(p) for p in aside)}. Delete "
            f"{'it' if one else 'them'} once you no longer need {'it' if one else 'them'}."
        )
    plain = done.readable_elsewhere
    if plain:
        # counted says the count; the verb and pronouns far after it agree by hand.
        one = len(plain) == 1
        them = "it" if one else "them"
        note += (
            f"\nWarning: {counted(len(plain), 'backup', 'backups')} Reflect wrote outside its "
            f"backups folder stay{'s' if one else ''} readable without the passphrase: "
            f"{'; '.join(str(p) for p in plain)}. Delete {them}, or move {them} into "
            f"{backups_dir} and run 'reflect check' to encrypt."
        )
    return note


def _existing_journal(settings: Settings) -> Path:
    from reflect.core import opening
    from reflect.core.errors import missing_journal

    path = settings.locations.journal
    if not path.exists():
        raise missing_journal(path, settings.backups_dir, chosen=settings.journal_chosen)
    from reflect.core.leftovers import tidy_leftovers

    # What an earlier interrupted run left goes before anything new is written.
    tell((*opening.tighten_modes(path), *tidy_leftovers(path, settings.backups_dir, None)))
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
    from reflect.core.rekey import change_encryption

    path = _existing_journal(settings)
    crypto.sqlcipher()  # say at once if encryption is not available here
    if crypto.is_encrypted(path):
        raise click.ClickException(
            f"{path} is already encrypted. 'reflect passphrase' changes its passphrase."
        )
    new = _new_passphrase(crypto.ENV_PASSPHRASE)
    with terminal_progress("Encrypting", "files") as progress:
        done = change_encryption(path, settings.backups_dir, None, new, progress)
    click.echo(
        f"Encrypted {path}.{_backups_note(done.converted, done.left)} Keep the passphrase "
        "somewhere safe: without it nobody, not even you, can open the journal."
        f"{_still_readable(done, settings.backups_dir)}"
    )


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask first.")
@pass_settings
def decrypt(settings: Settings, yes: bool) -> None:
    """Remove the journal's encryption (its backups too), after asking."""
    from reflect.core import crypto
    from reflect.core.rekey import change_encryption

    path = _existing_journal(settings)
    if not crypto.is_encrypted(path):
        raise click.ClickException(f"{path} is not encrypted.")
    old = passphrase_for(path)
    assert old is not None
    crypto.read_encrypted_version(path, old, settings.backups_dir)  # a wrong one stops here
    if not yes and not click.confirm(
        "Store the journal without encryption? Anyone with this computer's disk could "
        "then read it.",
        default=False,
    ):
        raise click.ClickException("Nothing was changed.")
    with terminal_progress("Decrypting", "files") as progress:
        done = change_encryption(path, settings.backups_dir, old, None, progress)
    click.echo(f"{path} is no longer encrypted.{_backups_note(done.converted, done.left)}")


@click.command()
@pass_settings
def passphrase(settings: Settings) -> None:
    """Change the journal's passphrase (and its backups' with it).

    Scripts give the current one in REFLECT_PASSPHRASE and the new one in
    REFLECT_NEW_PASSPHRASE.
    """
    from reflect.core import crypto
    from reflect.core.rekey import change_encryption

    path = _existing_journal(settings)
    if not crypto.is_encrypted(path):
        raise click.ClickException(f"{path} is not encrypted: 'reflect encrypt' locks it.")
    old = passphrase_for(path, "the journal (current passphrase)")
    assert old is not None
    crypto.read_encrypted_version(path, old, settings.backups_dir)
    new = _new_passphrase(ENV_NEW_PASSPHRASE)
    with terminal_progress("Changing the passphrase", "files") as progress:
        done = change_encryption(path, settings.backups_dir, old, new, progress)
    click.echo(f"The passphrase of {path} is changed.{_backups_note(done.converted, done.left)}")


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask first.")
@pass_settings
def restore(settings: Settings, source: Path, yes: bool) -> None:
    """Put a backup in place of the journal; the journal as it is now is kept first.

    Works when the journal is damaged, unreadable, empty or missing: then it
    is moved aside into the backups folder (never deleted). A backup holds the
    journal's rows compressed: the journal is built again from them, and the
    search index rebuilt, with progress.
    """
    from reflect.cli.restore_words import after_restore, backup_made, restore_question
    from reflect.core import recovery
    from reflect.core.journal import Journal
    from reflect.core.opening import ENV_PASSPHRASE, Kind, probe

    path = settings.locations.journal
    source = source.absolute()
    if source == path.absolute():
        raise click.ClickException("That is the journal itself, not a backup of it.")
    if path.exists():
        from reflect.core.lock import exclusive

        # Said before any question: a "y" must not be answered by "close it first".
        with exclusive(path):
            pass
    # Perhaps an encrypted backup cut short (not whole pages): the
    # passphrase tells it from a file that is not a backup at all.
    backup_key = passphrase_for(source, "the backup", maybe_cut=True)
    with terminal_progress("Checking the backup", None) as progress:
        summary = recovery.inspect_backup(source, backup_key, progress)
    made = backup_made(source)
    if not yes and not _confirmed(restore_question(source, summary.entries, made)):
        raise click.ClickException("Nothing was changed.")
    # The journal's own passphrase is usually the backup's; a journal neither
    # opens is kept by moving it aside.
    journal_key = os.environ.get(ENV_PASSPHRASE) or backup_key
    was_encrypted = probe(path, deep=True) is Kind.ENCRYPTED
    if (
        was_encrypted
        and ENV_PASSPHRASE not in os.environ
        and not _opens(path, journal_key, settings.backups_dir)
    ):
        journal_key = _ask_for_the_journals_own(path)
    with terminal_progress("Restoring", None) as progress:
        done = recovery.restore(
            path,
            source,
            settings.backups_dir,
            entries=summary.entries,
            journal_passphrase=journal_key,
            backup_passphrase=backup_key,
            progress=progress,
        )
    readable = (
        done.moved_aside
        and done.kept is not None
        and probe(done.kept, deep=True) in (Kind.PLAIN, Kind.DAMAGED)
    )
    journal_option = f"--db {shlex.quote(str(path))} " if settings.journal_chosen else ""
    said = after_restore(done, source, made, aside_readable=readable, journal_option=journal_option)
    # The journal is now the backup's, under the backup's passphrase (if any).
    # Opening it rebuilds the search index the backup left out; stopped
    # there, the next open rebuilds it.
    try:
        with terminal_progress("Rebuilding the search index") as progress:
            Journal.open(
                path, passphrase=backup_key, backups_dir=settings.backups_dir, progress=progress
            ).close()
    except KeyboardInterrupt:
        raise click.ClickException(
            "Stopped while rebuilding the search index: it is rebuilt the next time the "
            f"journal opens. {said}"
        ) from None
    click.echo(said)
    if was_encrypted and backup_key is None:
        click.echo(
            "The backup was not encrypted, so the journal is not encrypted now: run "
            "'reflect encrypt' to lock it with a passphrase again.",
            err=True,
        )
    elif backup_key is not None and journal_key != backup_key:
        click.echo(
            "The journal now opens with the backup's passphrase, the one you gave for "
            f"{source.name}, not the one it had: 'reflect passphrase' changes it.",
            err=True,
        )


def _confirmed(question: str) -> bool:
    """Yes to ``question``; no, Ctrl+C or the end of input all mean no."""
    try:
        return click.confirm(question, default=False)
    except click.Abort:
        click.echo(err=True)  # the prompt's line was left open
        return False


def _opens(path: Path, key: str | None, backups_dir: Path | None = None) -> bool:
    """Whether the encrypted journal at ``path`` opens with ``key``.

    With ``backups_dir``, a journal whose first bytes are damaged, which no
    passphrase opens, counts as opening when ``key`` opens its newest backup
    (`reflect.core.opening.inspect` says it is damaged): restore then moves it
    aside rather than asking again for a passphrase that cannot open it.
    """
    from reflect.core.errors import JournalError, WrongPassphrase
    from reflect.core.opening import inspect

    try:
        inspect(path, create=False, passphrase=key, tidy=False, backups_dir=backups_dir)
    except WrongPassphrase:
        return False
    except JournalError:
        return True  # damaged, too new...: restore deals with that as before
    return True


def _ask_for_the_journals_own(path: Path) -> str | None:
    """The journal's passphrase when the backup's does not open it; None to move it aside.

    Without asking, a journal under a newer passphrase than the backup's was
    taken for a damaged one and moved aside.
    """
    if not sys.stdin.isatty():
        raise click.ClickException(
            f"The backup's passphrase does not open the journal ({path.name}): set "
            "REFLECT_PASSPHRASE to the journal's own, or run this in a terminal. Nothing was "
            "changed."
        )
    import getpass

    while True:
        given = getpass.getpass(
            f"The backup's passphrase does not open the journal. Passphrase for the journal "
            f"({path.name}), or just Enter to move it aside unopened: "
        )
        if not given:
            return None
        if _opens(path, given):
            return given
        click.echo("That passphrase does not open the journal either.", err=True)


@click.command()
@click.option("--repair-search", is_flag=True, help="Rebuild the search index if it is damaged.")
@pass_settings
def check(settings: Settings, repair_search: bool) -> None:
    """Check the journal file, its links and its search index; say how to recover if needed.

    Leftovers of an interrupted encrypt, decrypt, restore or backup are
    removed, and backups an interrupted encrypt left readable are encrypted.
    """
    from reflect.core import recovery
    from reflect.core.errors import damaged_advice, missing_journal

    path = settings.locations.journal
    if not path.exists():
        raise missing_journal(path, settings.backups_dir, chosen=settings.journal_chosen)
    settings.refuse_emptied()
    key = passphrase_for(path)
    with terminal_progress("Checking the journal", "parts") as progress:
        report = recovery.check(
            path, key, settings.backups_dir, repair_search=repair_search, progress=progress
        )
    for line in report.repaired:
        click.echo(f"repaired: {line}")
    if key is not None:
        from reflect.core.rekey import readable_moved_aside

        # The journal is locked, but a damaged copy restore moved aside is not.
        for aside in readable_moved_aside(settings.backups_dir):
            click.echo(
                f"warning: {aside} is a damaged journal moved aside by 'reflect restore'; it is "
                "not encrypted and stays readable: delete it once you no longer need it."
            )
    if not report.problems:
        click.echo(f"ok: {path} is in good order.")
        return
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    if report.only_search_index:
        advice = "Only the search index is affected: run 'reflect check --repair-search'."
    else:
        advice = (
            "Export what you can ('reflect export'), keep a copy of the file, and put the "
            "most recent backup back with 'reflect restore FILE'. "
            + damaged_advice(path if settings.journal_chosen else None, settings.backups_dir)
        )
    raise click.ClickException(
        f"The journal has {counted(len(report.problems), 'problem', 'problems')}. {advice}"
    )
