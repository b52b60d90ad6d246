"""Helpers shared by tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reflect.core.journal import Journal
from reflect.core.records import EntryDetail, PromptRef

# A fixed "today" for everything that depends on the date.
TODAY = date(2026, 11, 20)

PROMPTS = (
    PromptRef("context", "What happened on the visit?", "The visit"),
    PromptRef("feelings", "What did you feel?", "Use of self and emotion"),
    PromptRef("next", "What next?", "Next steps"),
)


def new_draft(
    journal: Journal, case_code: str = "CF-1001", day: date = TODAY, visit_type: str = "home"
) -> EntryDetail:
    """A draft with three simple prompts."""
    return journal.create_draft(
        visit_date=day,
        case_code=case_code,
        visit_type=visit_type,
        prompt_set_id="test",
        prompt_set_version="1",
        prompts=PROMPTS,
    )


def open_backup(backup: Path, folder: Path | None = None, passphrase: str | None = None) -> Journal:
    """The journal ``reflect restore`` would make from ``backup``, built in ``folder`` and opened.

    A compact backup is built as restore builds it; a whole copy of a
    journal (a backup made before backups were compact) is copied. Without
    ``folder``, a new temporary folder (nothing is added beside the backup).
    """
    import shutil
    import tempfile

    from reflect.core.backup_restore import build_journal, identify

    folder = folder or Path(tempfile.mkdtemp(prefix="reflect-test-backup-"))
    target = folder / f"from-{backup.name}"
    found = identify(backup, passphrase)
    if found.compact:
        build_journal(backup, found.key, target)
    else:
        shutil.copyfile(backup, target)
    return Journal.open(target, passphrase=passphrase, lock=False)
