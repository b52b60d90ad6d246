"""``reflect backup``: a checked backup now, into the backups folder or anywhere.

Split from ``safety`` (encrypt, decrypt, passphrase, restore, check) to keep
each module to one idea.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from reflect.cli.common import Settings, pass_settings
from reflect.cli.progress import terminal_progress
from reflect.cli.safety import _existing_journal
from reflect.core.counting import counted


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
    from reflect.core.atomic import temporary_for
    from reflect.core.backup import make_backup, manual_backup_name
    from reflect.core.errors import DiskFull
    from reflect.paths import make_private_dir

    _existing_journal(settings)
    if target is None:
        make_private_dir(settings.backups_dir)
        target = settings.backups_dir / manual_backup_name(datetime.now())
    target = target.absolute()
    unfinished = temporary_for(target)
    started = False  # stopped at the passphrase prompt, nothing was begun
    try:
        with (
            _stopped_by_signals(),
            settings.journal() as journal,
            terminal_progress("Backing up", None) as progress,
        ):
            started = True
            made = make_backup(journal, target, progress=progress)
            count = journal.count_entries()
    except DiskFull:
        # The command does not try again by itself (the app's saves do).
        raise click.ClickException(
            f"The backup could not be made: the disk is full. Nothing was written to {target}; "
            "free some space and run 'reflect backup' again."
        ) from None
    except KeyboardInterrupt:
        if not started:
            raise click.ClickException(
                "Stopped before the backup began: nothing was written."
            ) from None
        left = (
            f"its unfinished copy {unfinished} is still there: delete it"
            if unfinished.exists()
            else f"its unfinished copy {unfinished} was removed"
        )
        raise click.ClickException(
            f"Stopped: the backup to {target} was not finished, and {left}. The journal has "
            "not been changed."
        ) from None
    click.echo(f"Backed up {counted(count, 'entry', 'entries')} to {made}.")


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Treat being told to stop (a closed terminal, kill) as Ctrl+C while a backup is written.

    Then its unfinished copy is removed at once rather than left for the next
    open of the journal; only kill -9 leaves one.
    """
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    before = {signum: signal.signal(signum, stop) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
