"""Where Reflect keeps things.

Nothing here touches the disk at import time: `Locations.resolve()` only works
out paths, and `Locations.ensure()` creates folders when a command needs them.
The journal and everything made beside it (backups, exports) is private to the
user: folders 0700 and files 0600, enforced by `private_umask()` which the
command line calls once at start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "reflect"
JOURNAL_FILENAME = "journal.db"
ENV_DB = "REFLECT_DB"
ENV_DATA_DIR = "REFLECT_DATA_DIR"
ENV_CONFIG_DIR = "REFLECT_CONFIG_DIR"

PRIVATE_UMASK = 0o077


def private_umask() -> int:
    """Make every file and folder this process creates private to the user.

    Returns the previous umask so tests can restore it.
    """
    return os.umask(PRIVATE_UMASK)


@dataclass(frozen=True)
class Locations:
    """The folders and files Reflect uses for one run."""

    data_dir: Path
    journal: Path
    config_dir: Path
    backups_dir: Path

    @property
    def user_prompts_dir(self) -> Path:
        """Where the user's own prompt sets live."""
        return self.config_dir / "prompts"

    @classmethod
    def resolve(
        cls, db: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
    ) -> Locations:
        """Work out the locations from a --db value, the environment and platformdirs.

        Precedence for the journal: the ``db`` argument, then ``REFLECT_DB``,
        then ``journal.db`` in the user data folder. ``REFLECT_DATA_DIR`` and
        ``REFLECT_CONFIG_DIR`` move the folders (tests and portable installs).
        """
        import platformdirs  # deferred: only needed when a command runs

        environ = os.environ if env is None else env
        data_dir = Path(
            environ.get(ENV_DATA_DIR) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
        )
        config_dir = Path(
            environ.get(ENV_CONFIG_DIR) or platformdirs.user_config_dir(APP_NAME, appauthor=False)
        )
        chosen = db if db is not None else environ.get(ENV_DB)
        journal = Path(chosen).expanduser() if chosen else data_dir / JOURNAL_FILENAME
        return cls(
            data_dir=data_dir.expanduser(),
            journal=journal.absolute(),
            config_dir=config_dir.expanduser(),
            backups_dir=data_dir.expanduser() / "backups",
        )

    def backups_for(self, journal_chosen: bool) -> Path:
        """Where this journal's backups go, the same for every command.

        The usual journal's are in ``backups`` in the data folder, whether or
        not it was named with --db or REFLECT_DB; another journal's are beside
        it, in ``NAME-backups``. Backups already found are used where they
        are: the usual journal's ``journal-backups`` (which earlier versions
        made when it was named with --db) while there is no ``backups``.
        """
        beside = self.journal.parent / f"{self.journal.stem}-backups"
        usual = (self.data_dir / JOURNAL_FILENAME).resolve()
        if journal_chosen and self.journal.resolve() != usual:
            return beside
        if not self.backups_dir.exists() and beside.is_dir():
            return beside
        return self.backups_dir

    def ensure(self) -> None:
        """Create the journal's folder (0700) if it does not exist yet."""
        make_private_dir(self.journal.parent)


def make_private_dir(path: Path) -> None:
    """Create ``path`` and missing parents; the folders created are 0700.

    An existing folder is left as it is: the user may have chosen to keep a
    journal somewhere shared with themselves on purpose.
    """
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
