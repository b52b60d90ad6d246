"""Encryption at rest: SQLCipher journals, converting them, and the commands."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import cli
from reflect.core import crypto
from reflect.core.export import ExportScope, export
from reflect.core.files import NotAJournal
from reflect.core.journal import Journal
from reflect.core.lock import JournalInUse
from reflect.core.prompts import PromptLibrary
from reflect.core.sample import fill_journal
from reflect.core.store import check_journal
from tests.helpers import TODAY, new_draft, open_backup

pytest.importorskip("sqlcipher3")

KEY = "tea and toast at four"
SECRET = "Zebedee-unusual-marker-words"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def document(journal: Journal) -> str:
    scope = ExportScope(start=TODAY.replace(year=TODAY.year - 3), end=TODAY)
    return export(journal, scope, generated=datetime(2026, 11, 22)).text


@pytest.fixture
def plain(tmp_path: Path, library: PromptLibrary) -> Path:
    path = tmp_path / "journal.db"
    with Journal.open(path) as journal:
        fill_journal(journal, library, 40, seed=3, until=TODAY)
        entry = new_draft(journal)
        journal.save_draft(entry.id, {"context": SECRET})
    return path


def all_bytes(path: Path) -> bytes:
    parts = [path.read_bytes()]
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            parts.append(extra.read_bytes())
    return b"".join(parts)


def test_an_encrypted_journal_keeps_no_text_in_the_clear(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    with Journal.open(path, passphrase=KEY) as journal:
        assert journal.encrypted
        entry = new_draft(journal)
        journal.save_draft(entry.id, {"context": SECRET})
        assert [h.entry.id for h in journal.search(SECRET)] == [entry.id]
        # While open (write-ahead log and all) and after closing.
        assert SECRET.encode() not in all_bytes(path)
    assert SECRET.encode() not in all_bytes(path)
    assert crypto.is_encrypted(path)
    assert not path.read_bytes().startswith(crypto.PLAIN_HEADER)


def test_temporary_data_stays_in_memory(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.db", passphrase=KEY) as journal, journal.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA temp_store").scalar_one() == 2  # MEMORY


def test_missing_or_wrong_passphrase_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    with Journal.open(path, passphrase=KEY) as journal:
        new_draft(journal)
    before = digest(path)
    with pytest.raises(crypto.PassphraseNeeded, match="encrypted"):
        Journal.open(path)
    with pytest.raises(crypto.WrongPassphrase, match="does not open"):
        Journal.open(path, passphrase="not the right one")
    assert digest(path) == before
    with Journal.open(path, passphrase=KEY) as journal:
        assert journal.count_entries() == 1


def test_a_text_file_is_not_taken_for_an_encrypted_journal(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    assert not crypto.is_encrypted(path)
    with pytest.raises(NotAJournal):
        Journal.open(path, passphrase=KEY)


def test_convert_there_and_back_keeps_everything(plain: Path) -> None:
    with Journal.open(plain) as journal:
        original = document(journal)
    crypto.convert(plain, None, KEY)
    assert crypto.is_encrypted(plain)
    assert SECRET.encode() not in all_bytes(plain)
    with Journal.open(plain, passphrase=KEY) as journal:
        assert check_journal(journal.engine) == []
        assert document(journal) == original
        assert journal.search(SECRET)
    crypto.convert(plain, KEY, "a brand new phrase")
    with pytest.raises(crypto.WrongPassphrase):
        Journal.open(plain, passphrase=KEY)
    crypto.convert(plain, "a brand new phrase", None)
    assert plain.read_bytes().startswith(crypto.PLAIN_HEADER)
    with Journal.open(plain) as journal:
        assert document(journal) == original
    assert sorted(p.name for p in plain.parent.iterdir() if "converting" in p.name) == []


def test_convert_refuses_while_the_journal_is_open(plain: Path) -> None:
    before = digest(plain)
    with Journal.open(plain), pytest.raises(JournalInUse, match="open in Reflect"):
        crypto.convert(plain, None, KEY)
    assert digest(plain) == before


def test_a_copy_that_fails_its_check_leaves_the_journal_alone(
    plain: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(plain)

    def failing_check(*_args: object) -> None:
        raise crypto.JournalError("The converted copy did not check out")

    monkeypatch.setattr(crypto, "_verify", failing_check)
    with pytest.raises(crypto.JournalError, match="did not check out"):
        crypto.convert(plain, None, KEY)
    assert digest(plain) == before
    assert [p.name for p in plain.parent.iterdir() if "converting" in p.name] == []


def test_wrong_old_passphrase_converts_nothing(plain: Path) -> None:
    crypto.convert(plain, None, KEY)
    before = digest(plain)
    with pytest.raises(crypto.WrongPassphrase):
        crypto.convert(plain, "guess guess guess", "another phrase entirely")
    assert digest(plain) == before


@pytest.mark.parametrize(
    ("phrase", "ok"), [("short", False), (" padded phrase", False), ("tea and toast", True)]
)
def test_new_passphrases_are_checked(phrase: str, ok: bool) -> None:
    assert (crypto.check_passphrase(phrase) is None) is ok


def invoke(args: list[str], env: dict[str, str], input_text: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner(env=env).invoke(cli, args, input=input_text, catch_exceptions=False)


def test_commands_encrypt_change_and_decrypt_with_backups(plain: Path, tmp_path: Path) -> None:
    db = ["--db", str(plain)]
    backups = plain.parent / "journal-backups"
    made = invoke([*db, "backup"], {})
    assert made.exit_code == 0, made.output
    assert "Backed up 41 entries" in made.output

    done = invoke([*db, "encrypt"], {"REFLECT_PASSPHRASE": KEY})
    assert done.exit_code == 0, done.output
    assert "1 backup changed to match" in done.output
    (backup_file,) = backups.iterdir()
    assert crypto.is_encrypted(plain) and crypto.is_encrypted(backup_file)

    locked = invoke([*db, "list"], {"REFLECT_PASSPHRASE": "wrong wrong wrong"})
    assert locked.exit_code == 1
    assert locked.stderr.strip().splitlines() == [
        f"reflect: That passphrase does not open {plain}: the passphrase is wrong, or the file "
        "is not a Reflect journal. Nothing has been changed. If you are sure of it, the file "
        f"may be damaged: run reflect --db '{plain}' check, then put a backup from {backups} "
        f"back with: reflect --db '{plain}' restore FILE"
    ]
    listed = invoke([*db, "search", SECRET], {"REFLECT_PASSPHRASE": KEY})
    assert listed.exit_code == 0, listed.output
    assert "Zebedee" in listed.output

    changed = invoke(
        [*db, "passphrase"],
        {"REFLECT_PASSPHRASE": KEY, "REFLECT_NEW_PASSPHRASE": "second good phrase"},
    )
    assert changed.exit_code == 0, changed.output
    with open_backup(backup_file, tmp_path, passphrase="second good phrase") as b:
        assert b.count_entries() == 41

    asked = invoke([*db, "decrypt"], {"REFLECT_PASSPHRASE": "second good phrase"}, "n\n")
    assert asked.exit_code == 1 and crypto.is_encrypted(plain)
    opened = invoke([*db, "decrypt", "--yes"], {"REFLECT_PASSPHRASE": "second good phrase"})
    assert opened.exit_code == 0, opened.output
    assert not crypto.is_encrypted(plain) and not crypto.is_encrypted(backup_file)


def test_wrong_passphrase_in_a_real_process_is_one_line_on_stderr(plain: Path) -> None:
    crypto.convert(plain, None, KEY)
    env = {**os.environ, "REFLECT_PASSPHRASE": "nope nope nope"}
    proc = subprocess.run(
        [sys.executable, "-m", "reflect", "--db", str(plain), "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    # SQLCipher's own log ("ERROR CORE ... hmac check failed") is silenced.
    assert proc.stderr == (
        f"reflect: That passphrase does not open {plain}: the passphrase is wrong, or the file "
        "is not a Reflect journal. Nothing has been changed. If you are sure of it, the file "
        f"may be damaged: run reflect --db '{plain}' check, then put a backup from "
        f"{plain.parent / 'journal-backups'} back with: reflect --db '{plain}' restore FILE\n"
    )
    # Without a passphrase and without a terminal to ask on, it says what to do.
    env.pop("REFLECT_PASSPHRASE")
    proc = subprocess.run(
        [sys.executable, "-m", "reflect", "--db", str(plain), "list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1
    assert "set REFLECT_PASSPHRASE" in proc.stderr and proc.stderr.count("\n") == 1


def in_a_terminal(args: list[str], answers: list[tuple[str, str]]) -> tuple[int, str]:
    """Run ``reflect ARGS`` in a pseudo-terminal, typing each answer after its prompt."""
    import pty
    import select
    import signal

    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child becomes reflect
        os.execve(sys.executable, [sys.executable, "-m", "reflect", *args], env)
    output = b""

    def read_until(wanted: bytes | None) -> None:
        nonlocal output
        while wanted is None or wanted not in output:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise AssertionError(f"waited 30 s for {wanted!r}; got {output!r}")
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child has exited and the terminal closed
                chunk = b""
            if not chunk:
                if wanted is None:
                    return
                raise AssertionError(f"ended before {wanted!r}; got {output!r}")
            output += chunk

    try:
        for prompt, answer in answers:
            read_until(prompt.encode())
            os.write(fd, answer.encode() + b"\n")
        read_until(None)
    except BaseException:
        # A prompt that never came leaves the child waiting at its terminal:
        # end it, or waiting for it below would hang the suite (it did, for
        # 20 minutes, on a loaded machine).
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal needs POSIX")
def test_passphrases_typed_at_a_terminal_are_asked_for_and_never_shown(plain: Path) -> None:
    db = ["--db", str(plain)]
    before = digest(plain)
    code, shown = in_a_terminal(
        [*db, "encrypt"], [("New passphrase", KEY), ("The same again", KEY + " not")]
    )
    assert code == 1 and "do not match" in shown
    assert digest(plain) == before and not crypto.is_encrypted(plain)

    code, shown = in_a_terminal([*db, "encrypt"], [("New passphrase", KEY), ("same again", KEY)])
    assert code == 0, shown
    assert crypto.is_encrypted(plain)
    assert KEY not in shown  # typed, not echoed

    code, shown = in_a_terminal([*db, "search", SECRET], [("Passphrase for", KEY)])
    assert code == 0, shown
    assert "Zebedee" in shown and KEY not in shown

    # A person gets three tries (review 22, 7c): one wrong try used to end the command.
    tries = [("Passphrase for", "wrong one"), ("2 more tries", "wrong two")]
    code, shown = in_a_terminal([*db, "list"], [*tries, ("1 more try", "wrong three")])
    assert code == 1 and "does not open" in shown
    code, shown = in_a_terminal([*db, "list"], [*tries, ("1 more try", KEY)])
    assert code == 0, shown
