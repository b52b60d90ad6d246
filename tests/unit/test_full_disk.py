"""Every safety command on a nearly full disk: one plain line, never a traceback, nothing lost.

A real small file system (tmpfs, which needs root) holds the journal and its
backups; a filler file leaves only a little room, so each command runs out
of space part-way through what it writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.core.errors import JournalError
from reflect.core.journal import Journal
from reflect.core.store import check_journal
from tests.helpers import new_draft

KEY = "tea and toast at four"
NEW = "another long passphrase"
ENTRIES = 60


def _mount(folder: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4M", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A plain and an encrypted journal of about a megabyte, built on the ordinary disk."""
    folder = tmp_path_factory.mktemp("templates")
    made = {}
    for name, key in (("plain", None), ("encrypted", KEY)):
        if key is not None and not _sqlcipher():
            continue
        path = folder / f"{name}.db"
        with Journal.open(path, passphrase=key) as journal:
            for i in range(ENTRIES):
                entry = new_draft(journal, f"CF-{i}")
                journal.save_draft(entry.id, {"context": f"Fictional visit {i}. " * 120})
                journal.complete(entry.id)
            with journal.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        made[name] = path
    return made


def _sqlcipher() -> bool:
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system, unmounted afterwards."""
    folder = tmp_path / "tiny"
    if not _mount(folder):
        pytest.skip("needs root and tmpfs to make a small file system")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Take all free space in ``folder`` but ``leave`` bytes."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with open(folder / "filler", "wb") as handle:
        handle.write(b"\0" * max(free - leave, 0))


SCENARIOS = [
    ("plain", ["backup"], {}),
    ("plain", ["backup", "--to", "{tiny}/by-hand.db"], {}),
    ("plain", ["encrypt"], {"REFLECT_PASSPHRASE": KEY}),
    ("plain", ["check"], {}),
    ("plain", ["export", "--from", "2020-01-01", "--to", "2030-01-01", "-o", "{tiny}/out.md"], {}),
    ("plain", ["restore", "{backup}", "--yes"], {}),
    ("encrypted", ["decrypt", "--yes"], {"REFLECT_PASSPHRASE": KEY}),
    ("encrypted", ["passphrase"], {"REFLECT_PASSPHRASE": KEY, "REFLECT_NEW_PASSPHRASE": NEW}),
    ("encrypted", ["backup"], {"REFLECT_PASSPHRASE": KEY}),
]


@pytest.mark.parametrize("leave", [64 * 1024, 600 * 1024])
@pytest.mark.parametrize(("kind", "args", "env"), SCENARIOS)
def test_safety_commands_on_a_full_disk(
    tiny: Path,
    templates: dict[str, Path],
    tmp_path: Path,
    kind: str,
    args: list[str],
    env: dict[str, str],
    leave: int,
) -> None:
    if kind not in templates:
        pytest.skip("encryption is not available here")
    journal = tiny / "journal.db"
    shutil.copyfile(templates[kind], journal)
    backup = tmp_path / "a-backup.db"  # on the ordinary disk: restore reads it from there
    shutil.copyfile(templates["plain"], backup)
    (tiny / "journal-backups").mkdir()
    _fill(tiny, leave)
    argv = [a.format(tiny=tiny, backup=backup) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "reflect", "--db", str(journal), *argv],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    if leave < 100 * 1024 and argv[0] != "check":
        # Each of these writes a copy of about a megabyte: it must have failed, plainly.
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "disk" in proc.stderr.splitlines()[-1], proc.stderr
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        assert lines and lines[-1].startswith("reflect: "), proc.stderr
        assert len([line for line in lines if not line.startswith("reflect: ")]) == 0
    (tiny / "filler").unlink()
    # Nothing already saved is lost: the journal opens with one of its passphrases.
    for passphrase in (None, KEY, NEW):
        try:
            opened = Journal.open(journal, create=False, passphrase=passphrase)
        except JournalError:
            continue  # not this passphrase
        with opened:
            assert check_journal(opened.engine) == []
            assert opened.count_entries() == ENTRIES
        break
    else:
        pytest.fail(f"the journal no longer opens after {argv}: {proc.stderr}")
    hidden = [
        p.name
        for p in tiny.rglob(".*")
        if p.name.endswith((".partial", ".converting", ".restoring"))
    ]
    assert hidden == [], f"temporary copies left behind: {hidden}"
