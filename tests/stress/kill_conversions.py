"""Kill encrypt, decrypt, passphrase and restore at random moments; then look for readable words.

    python -m tests.stress.kill_conversions --kills 20

For each command, a journal (with three backups: a daily one, one made by
hand, one made with ``reflect backup --to`` into the backups folder) is
copied fresh, the real ``reflect`` command is started on it and killed with
SIGKILL after a random moment within its usual run time. Then every file in
the folder (journal, -wal, -shm, lock, backups, hidden copies) is searched
for a word written in every entry:

- "right after the kill": files holding the word while the journal itself
  is encrypted (what a thief could read if the computer were taken then);
- "after the next open": the same, after ``reflect check`` opened the
  journal (which removes leftovers and encrypts backups an interrupted
  encrypt left plain).

Any journal or backup that no longer opens with the old or new passphrase,
or holds fewer entries, counts as lost. Exit 1 if anything is readable after
the next open, lost, or damaged.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SECRET = "Marrowbine"  # an invented word, in every entry
OLD, NEW = "first long passphrase", "second long passphrase"
ENTRIES = 300


@dataclass
class Tally:
    """What the kills of one command found."""

    command: str
    kills: int = 0
    changed: int = 0  # kills after which the journal had been converted
    readable_at_kill: int = 0  # kills after which some file held the word (journal encrypted)
    readable_after_open: int = 0
    leftovers_at_kill: int = 0  # kills that left a hidden temporary copy
    lost: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _reflect(folder: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reflect", "--db", str(folder / "journal.db"), *args],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _build(folder: Path, encrypted: bool) -> None:
    """A journal with ENTRIES entries holding SECRET, and three backups, in ``folder``."""
    from datetime import date

    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal
    from reflect.core.records import PromptRef

    folder.mkdir(parents=True)
    backups = folder / "journal-backups"
    backups.mkdir()
    prompts = (PromptRef("context", "What happened?"),)
    path = folder / "journal.db"
    with Journal.open(path, passphrase=OLD if encrypted else None, backups_dir=backups) as j:
        for i in range(ENTRIES):
            entry = j.create_draft(
                visit_date=date(2026, 11, 1),
                case_code=f"CF-{i}",
                visit_type="home",
                prompt_set_id="t",
                prompt_set_version="1",
                prompts=prompts,
            )
            text = f"Visit {i}: {SECRET} said the kitchen was warm. " + "More words. " * 60
            j.save_draft(entry.id, {"context": text})
        for name in ("journal-2026-11-19.db", "journal-2026-11-20-101500-by-hand.db", "m1.db"):
            make_backup(j, backups / name)


def _files_with_secret(folder: Path) -> list[Path]:
    word = SECRET.encode()
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                if word in path.read_bytes() or _plain_backup_holds(path):
                    found.append(path)
            except OSError:
                continue
    return found


def _plain_backup_holds(path: Path) -> bool:
    """Whether ``path`` is a plain compact backup whose (compressed) rows hold SECRET."""
    from reflect.core import backup_format
    from reflect.core.opening import Kind, probe

    if probe(path) is not Kind.PLAIN or path.name.endswith(("-wal", "-shm")):
        return False
    conn = backup_format.connect(path, None)
    try:
        if not backup_format.is_compact(conn):
            return False
        tables = [row[0] for row in conn.execute("SELECT DISTINCT table_name FROM backup_batch")]
        return any(
            SECRET in str(row)
            for table in tables
            for rows in backup_format.batches(conn, table)
            for row in rows
        )
    except Exception:
        return False  # half written: its bytes were searched above
    finally:
        conn.close()


def _count(path: Path, passphrases: tuple[str | None, ...]) -> int | None:
    """Entries in the journal or backup at ``path``, with whichever passphrase opens it."""
    from reflect.core.backup_restore import check_compact, identify
    from reflect.core.errors import JournalError
    from reflect.core.journal import Journal

    for passphrase in passphrases:
        try:
            found = identify(path, passphrase)
            if found.compact:  # a backup: its rows, read back and counted
                return check_compact(path, found.key).entries
            with Journal.open(path, create=False, passphrase=passphrase, lock=False) as j:
                return j.count_entries()
        except JournalError:
            continue
    return None


def _is_encrypted(path: Path) -> bool:
    from reflect.core.opening import Kind, probe

    return probe(path) is Kind.ENCRYPTED


def _duration(template: Path, args: tuple[str, ...], env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "j"
        shutil.copytree(template, folder)
        started = time.monotonic()
        proc = _reflect(folder, *args, env=env)
        proc.wait(timeout=300)
        return time.monotonic() - started


def kill_command(command: str, kills: int, rng: random.Random, workdir: Path) -> Tally:
    """Kill ``command`` ``kills`` times at random moments and tally what was left."""
    started = time.monotonic()
    encrypted_before = command in ("decrypt", "passphrase")
    template = workdir / f"template-{command}"
    _build(template, encrypted_before)
    args: tuple[str, ...] = {
        "encrypt": ("encrypt",),
        "decrypt": ("decrypt", "--yes"),
        "passphrase": ("passphrase",),
        "restore": (
            "restore",
            str(template / "journal-backups" / "journal-2026-11-19.db"),
            "--yes",
        ),
    }[command]
    env = {
        "encrypt": {"REFLECT_PASSPHRASE": NEW},
        "decrypt": {"REFLECT_PASSPHRASE": OLD},
        "passphrase": {"REFLECT_PASSPHRASE": OLD, "REFLECT_NEW_PASSPHRASE": NEW},
        "restore": {},
    }[command]
    full = _duration(template, args, env)
    tally = Tally(command)
    keys: tuple[str | None, ...] = (None, OLD, NEW)
    for kill in range(kills):
        folder = workdir / f"{command}-{kill}"
        shutil.copytree(template, folder)
        journal = folder / "journal.db"
        run_args = tuple(a.replace(str(template), str(folder)) for a in args)
        proc = _reflect(folder, *run_args, env=env)
        time.sleep(rng.uniform(0.0, full))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        tally.kills += 1
        restored = command == "restore" and any(
            (folder / "journal-backups").glob("*before-restore*")
        )
        if (
            restored
            or _is_encrypted(journal) != encrypted_before
            or (command == "passphrase" and _count(journal, (NEW,)) is not None)
        ):
            tally.changed += 1
        hidden = [p for p in folder.rglob(".*") if p.is_file()]
        tally.leftovers_at_kill += bool(hidden)
        if _is_encrypted(journal) and _files_with_secret(folder):
            tally.readable_at_kill += 1
        # The next open: 'reflect check' with whichever passphrase opens the journal.
        opener = next((k for k in (OLD, NEW) if _count(journal, (k,)) is not None), None)
        check_env = {"REFLECT_PASSPHRASE": opener} if opener else {}
        subprocess.run(
            [sys.executable, "-m", "reflect", "--db", str(journal), "check"],
            env={**os.environ, **check_env},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
        if _is_encrypted(journal) and _files_with_secret(folder):
            tally.readable_after_open += 1
        for path in [journal, *sorted((folder / "journal-backups").glob("*.db"))]:
            if path.name.startswith("damaged-"):
                continue
            if _count(path, keys) != ENTRIES:
                tally.lost.append(f"{command} kill {kill}: {path.name}")
        shutil.rmtree(folder)
    tally.seconds = time.monotonic() - started
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=20, help="kills per command")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tallies = []
    with tempfile.TemporaryDirectory() as tmp:
        for command in ("encrypt", "decrypt", "passphrase", "restore"):
            tallies.append(kill_command(command, args.kills, rng, Path(tmp)))
    print(
        "| command | kills | converted when killed | leftover copies at kill "
        "| readable at kill (journal encrypted) | readable after next open | lost | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for t in tallies:
        print(
            f"| {t.command} | {t.kills} | {t.changed} | {t.leftovers_at_kill} "
            f"| {t.readable_at_kill} | {t.readable_after_open} | {len(t.lost)} "
            f"| {t.seconds:.0f} |"
        )
    for t in tallies:
        for line in t.lost:
            print(f"lost: {line}")
    bad = any(t.readable_after_open or t.lost for t in tallies)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
