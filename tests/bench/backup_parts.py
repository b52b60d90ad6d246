"""What a backup holds and costs, beside the journal it was made from.

    python -m tests.bench.backup_parts --db JOURNAL [--rounds 5]

Works on a copy of JOURNAL (the journal itself is never opened). Prints the
journal's and one backup's megabytes by table and index (SQLite's dbstat),
the journal per 1,000 entries against the typed text, the time to make a
backup (median and spread), and, for a plain journal, each table's
compressed rows in the backup (`reflect.core.backup_format`'s batches).
An encrypted journal: set REFLECT_PASSPHRASE (the parts are then not
shown: only SQLCipher reads the file, and its build has no dbstat).
"""

from __future__ import annotations

import argparse
import lzma
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from statistics import median


def parts(path: Path) -> dict[str, int]:
    """Bytes of each table and index of a plain SQLite file, free pages as ``(free)``."""
    conn = sqlite3.connect(path)
    try:
        found = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        found["(free)"] = page * conn.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        conn.close()
    return found


def compressed_rows(backup: Path) -> dict[str, int]:
    """Bytes of each journal table's compressed rows in a (plain) compact backup."""
    conn = sqlite3.connect(backup)
    try:
        return dict(
            conn.execute("SELECT table_name, sum(length(data)) FROM backup_batch GROUP BY 1")
        )
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from reflect.core.backup import make_backup
    from reflect.core.journal import Journal

    passphrase = os.environ.get("REFLECT_PASSPHRASE")
    folder = Path(tempfile.mkdtemp(prefix="reflect-backup-parts-"))
    try:
        journal_path = folder / "journal.db"
        shutil.copyfile(args.db, journal_path)
        seconds = []
        with Journal.open(journal_path, create=False, passphrase=passphrase) as journal:
            entries = journal.count_entries()
            for n in range(args.rounds):
                target = folder / f"b{n}.db"
                started = time.perf_counter()
                make_backup(journal, target)
                seconds.append(time.perf_counter() - started)
                if n < args.rounds - 1:
                    target.unlink()
        journal_bytes, backup_bytes = journal_path.stat().st_size, target.stat().st_size
        print(f"entries {entries:,}; journal {journal_bytes / 1e6:.1f} MB", end="")
        print(f" ({journal_bytes / 1e6 / (entries / 1000):.2f} MB per 1,000 entries)")
        print(f"one backup {backup_bytes / 1e6:.1f} MB = {backup_bytes / journal_bytes:.3f}x")
        print(
            f"making one backup: median {median(seconds):.2f} s "
            f"({min(seconds):.2f}-{max(seconds):.2f}, {args.rounds} rounds)"
        )
        if passphrase:
            return
        conn = sqlite3.connect(journal_path)
        (typed,) = conn.execute("SELECT sum(length(CAST(text AS BLOB))) FROM answer").fetchone()
        conn.close()
        print(f"typed text (answers, UTF-8) {typed / 1e6 / (entries / 1000):.2f} MB per 1,000")
        in_journal, in_backup = parts(journal_path), compressed_rows(target)
        print(f"{'MB (backup: compressed rows)':40} {'journal':>9} {'backup':>9}")
        for name in sorted(in_journal, key=lambda n: -in_journal[n])[:16]:
            print(f"{name:40} {in_journal[name] / 1e6:9.2f} {in_backup.get(name, 0) / 1e6:9.2f}")
        data = target.read_bytes()
        started = time.perf_counter()
        size = len(lzma.compress(data, preset=0))
        print(
            f"the backup compressed again, lzma preset 0: {size / 1e6:.1f} MB = "
            f"{size / journal_bytes:.3f}x the journal, {time.perf_counter() - started:.2f} s more"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
