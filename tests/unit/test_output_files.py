"""Where a command writes a file: never over a device, pipe or folder; failures in one sentence."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from reflect.core.atomic import replace_atomically
from reflect.core.errors import NotAFile
from reflect.core.export import write_atomic
from tests.unit.test_cli import one_line_error, run

EXPORT = ("export", "--from", "2026-09-01", "--to", "2026-11-20")


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    db = tmp_path / "small.db"
    made = run("sample", "--entries", "12", "--seed", "3", "--until", "2026-11-20", db=db)
    assert made.exit_code == 0, made.output
    return db


def a_fifo(tmp_path: Path, linked: bool) -> tuple[Path, Path]:
    """(the path to write to, the pipe itself): the pipe, or a link to it."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    if not linked:
        return pipe, pipe
    link = tmp_path / "link-to-pipe"
    link.symlink_to(pipe)
    return link, pipe


def still_a_pipe(pipe: Path) -> bool:
    return stat.S_ISFIFO(pipe.stat().st_mode) and not list(pipe.parent.glob(".*.partial"))


@pytest.mark.parametrize("linked", [False, True], ids=["fifo", "link to a fifo"])
def test_force_never_replaces_a_pipe_or_a_link_to_one(
    tmp_path: Path, small_db: Path, linked: bool
) -> None:
    """The review's case: ``export -o /dev/full --force`` made the device a regular file."""
    target, pipe = a_fifo(tmp_path, linked)
    commands: dict[str, Callable[[], Result]] = {
        "export": lambda: run(*EXPORT, "-o", str(target), "--force", db=small_db),
        "cpd": lambda: run(*EXPORT, "--format", "cpd", "-o", str(target), "--force", db=small_db),
        "agenda": lambda: run("supervision", "agenda", "-o", str(target), "--force", db=small_db),
    }
    for name, command in commands.items():
        line = one_line_error(command())
        assert f"{target} is not a file" in line, name
        assert "will not write over it" in line, name
        assert still_a_pipe(pipe), name
        if linked:
            assert target.is_symlink(), name


@pytest.mark.parametrize("linked", [False, True], ids=["fifo", "link to a fifo"])
def test_the_atomic_writer_refuses_a_pipe_and_a_folder_before_writing(
    tmp_path: Path, linked: bool
) -> None:
    target, pipe = a_fifo(tmp_path, linked)
    written: list[Path] = []
    with pytest.raises(NotAFile):
        replace_atomically(target, written.append)
    with pytest.raises(NotAFile):
        write_atomic(target, "text", force=True)
    assert not written and still_a_pipe(pipe)
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(NotAFile, match="is a folder"):
        write_atomic(folder, "text", force=True)
    assert folder.is_dir()


def test_a_backup_to_a_pipe_is_refused(tmp_path: Path, small_db: Path) -> None:
    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal

    target, pipe = a_fifo(tmp_path, linked=True)
    with Journal.open(small_db) as journal, pytest.raises(NotAFile):
        make_backup(journal, target, overwrite=True)
    assert still_a_pipe(pipe)


@pytest.fixture
def no_new_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder such as /proc: making the hidden temporary file fails with ENOENT."""
    real_open = os.open

    def refusing(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".partial"):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)


@pytest.mark.usefixtures("no_new_files")
def test_a_folder_that_takes_no_files_is_one_sentence_naming_the_file_asked_for(
    tmp_path: Path, small_db: Path
) -> None:
    """The review's cases: ``backup --to /proc/x.db``, ``export -o /proc/x.md``: tracebacks."""
    for args, target in (
        (("backup", "--to"), tmp_path / "x.db"),
        ((*EXPORT, "-o"), tmp_path / "x.md"),
        (("supervision", "agenda", "-o"), tmp_path / "agenda.md"),
    ):
        line = one_line_error(run(*args, str(target), db=small_db))
        assert f"{target} could not be written" in line, args
        assert ".partial" not in line, args
        assert not target.exists(), args


def test_a_read_only_refusal_names_the_file_not_the_temporary(
    tmp_path: Path, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review item h: a read-only folder's message named the hidden ``.x.md.partial``."""

    def refusing(real: Callable[[object, object], None]) -> Callable[[object, object], None]:
        def move(source: object, target: object) -> None:
            if str(source).endswith(".partial"):
                raise PermissionError(
                    errno.EROFS, os.strerror(errno.EROFS), str(source), None, str(target)
                )
            real(source, target)

        return move

    monkeypatch.setattr(os, "replace", refusing(os.replace))
    monkeypatch.setattr(os, "link", refusing(os.link))  # a new file is put in place by a link
    target = tmp_path / "x.md"
    line = one_line_error(run(*EXPORT, "-o", str(target), db=small_db))
    assert f"Reflect is not allowed to write {target}" in line
    assert ".partial" not in line


def test_a_folder_that_is_a_file_is_called_a_file(tmp_path: Path, small_db: Path) -> None:
    """Review item g: ``backup --to afile/x.db`` said "The folder .../afile does not exist"."""
    afile = tmp_path / "afile"
    afile.write_text("notes\n")
    for args in (("backup", "--to"), (*EXPORT, "-o")):
        line = one_line_error(run(*args, str(afile / "x.db"), db=small_db))
        assert f"{afile} is a file, not a folder" in line, args
        assert "does not exist" not in line, args
    missing = tmp_path / "missing"
    line = one_line_error(run("backup", "--to", str(missing / "x.db"), db=small_db))
    assert f"The folder {missing} does not exist" in line
