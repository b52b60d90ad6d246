"""One catalogue of user-facing errors; everything else still shows as the bug it is."""

from __future__ import annotations

import errno
import inspect as pyinspect
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core import errors
from reflect.core.errors import JournalError, as_user_error, plain_message
from reflect.core.journal import Journal
from reflect.core.listing import ListingMixin


def test_every_catalogue_error_is_a_journal_error_with_a_docstring() -> None:
    classes = [
        obj
        for _name, obj in pyinspect.getmembers(errors, pyinspect.isclass)
        if obj.__module__ == errors.__name__
    ]
    assert len(classes) >= 20
    for klass in classes:
        assert issubclass(klass, JournalError), klass
        assert klass.__doc__, klass


def test_old_import_paths_name_the_same_classes() -> None:
    from reflect.core import backup, crypto, files, importer, journal, lock, reading

    assert files.JournalError is errors.JournalError
    assert files.NotAJournal is errors.NotAJournal and files.JournalTooNew is errors.JournalTooNew
    assert crypto.WrongPassphrase is errors.WrongPassphrase
    assert crypto.PassphraseNeeded is errors.PassphraseNeeded
    assert lock.JournalInUse is errors.JournalInUse
    assert backup.BackupFailed is errors.BackupFailed
    assert importer.ImportRefused is errors.ImportRefused
    assert reading.TermError is errors.TermError and journal.EntryNotFound is errors.EntryNotFound
    assert files.plain_message is plain_message


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (errno.ENOSPC, errors.DiskFull, "disk is full"),
        (errno.EACCES, errors.NotWritable, "read-only"),
        (errno.EROFS, errors.NotWritable, "read-only"),
    ],
)
def test_system_errors_that_are_the_users_become_catalogue_errors(
    code: int, kind: type[JournalError], words: str
) -> None:
    known = as_user_error(OSError(code, "whatever", "/some/where"))
    assert isinstance(known, kind) and words in str(known) and "/some/where" in str(known)


def test_other_errors_are_not_taken_for_the_users() -> None:
    assert as_user_error(OSError(errno.EBADF, "bad file descriptor")) is None
    assert as_user_error(KeyError("entry_id")) is None
    assert as_user_error(ValueError("invalid literal")) is None
    assert as_user_error(TypeError("unhashable type: 'dict'")) is None


def test_a_programming_error_reaches_the_user_as_a_bug_not_a_one_line_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    Journal.open(path).close()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("a bug in Reflect")

    # `reflect list` reads through the driver-only reader; both share ListingMixin's.
    monkeypatch.setattr(ListingMixin, "list_entries", broken)
    result = CliRunner().invoke(cli, ["--db", str(path), "list"])
    assert isinstance(result.exception, KeyError)  # not turned into "reflect: ..."


def test_a_full_disk_raised_anywhere_in_a_command_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.db"
    Journal.open(path).close()

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x"))

    monkeypatch.setattr(ListingMixin, "list_entries", full)
    result = CliRunner().invoke(cli, ["--db", str(path), "list"])
    assert result.exit_code == 1
    assert result.stderr.startswith("reflect: The disk is full")
    assert len(result.stderr.splitlines()) == 1


def test_user_input_errors_are_in_the_catalogue_and_still_value_errors() -> None:
    from reflect.core.dates import parse_date
    from reflect.core.prompts import PromptLibrary

    with pytest.raises(errors.InvalidInput) as bad_date:
        parse_date("the forty-fifth of Smarch")
    assert isinstance(bad_date.value, ValueError)
    with pytest.raises(errors.UnknownName) as unknown:
        PromptLibrary(sets={}).get("nope")
    assert isinstance(unknown.value, KeyError)
    assert str(unknown.value) == "There is no prompt set 'nope' (sets: none)."
