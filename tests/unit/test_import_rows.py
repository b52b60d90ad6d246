"""Import writes exactly the rows it wrote before it was made faster (issue 18).

tests/data/import-rows.archive is a small archive (sample entries, entries of
awkward text with tags and actions, a supervision session, CPD records and
both word lists). tests/data/import-rows.json holds every row of every table
(the search index's own tables aside) that importing it into a new journal
wrote with the code before the import was reworked for speed. Both are made
by running this module: ``.venv/bin/python -m tests.unit.test_import_rows``
(only to record a deliberate change of what import writes).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.core.export.archive import _lines
from reflect.core.importer import import_export, import_file
from reflect.core.journal import Journal

DATA = Path(__file__).parent.parent / "data"
ARCHIVE = DATA / "import-rows.archive"
ROWS = DATA / "import-rows.json"
# Columns stamped with the time of the import itself, not read from the file
# (a session's actions too: the archive keeps no time for them).
STAMPED_NOW = {("scanner_word", "created_at"), ("supervision_session", "created_at")}
# Words searched for in the index after the import, with the entries each finds.
SEARCHED = ("visit", "plan", "mother", "relationship", "carer", "leading", "CF", "lone")


def rows_of(path: Path) -> dict[str, Any]:
    """Every table's rows in order of their keys, the search index's matches, as JSON values."""
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'entry_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        found: dict[str, Any] = {"user_version": version}
        for table in tables:
            columns = [c[1] for c in connection.execute(f'PRAGMA table_info("{table}")')]
            order = ", ".join(str(n) for n in range(1, len(columns) + 1))
            cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
            found[table] = []
            for row in cursor:
                kept = dict(zip(columns, row, strict=True))
                now = {c for t, c in STAMPED_NOW if t == table}
                if table == "action" and kept["session_id"] is not None:
                    now.add("created_at")
                found[table].append(
                    [("(now)" if kept[c] else kept[c]) if c in now else kept[c] for c in columns]
                )
            found[table].insert(0, columns)
        found["search"] = {
            word: [
                rowid
                for (rowid,) in connection.execute(
                    "SELECT rowid FROM entry_fts WHERE entry_fts MATCH ? ORDER BY rowid",
                    (f'"{word}"*',),
                )
            ]
            for word in SEARCHED
        }
        return found
    finally:
        connection.close()


def test_an_import_writes_the_same_rows_as_before(tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    with Journal.open(target) as journal:
        result = import_file(journal, ARCHIVE)
        again = import_file(journal, ARCHIVE)  # nothing new the second time
    assert result.entries_added > 30 and again.entries_added == 0
    expected = json.loads(ROWS.read_text(encoding="utf-8"))
    written = json.loads(json.dumps(rows_of(target)))
    assert sorted(written) == sorted(expected)
    for table, rows in expected.items():
        # After a deliberate change of the schema or of what import writes,
        # record the rows again: .venv/bin/python -m tests.unit.test_import_rows
        assert written[table] == rows, f"{table}: not what import wrote before"
    assert all(expected["search"].values())  # each word finds something
    connection = sqlite3.connect(target)
    try:
        # The index holds exactly what the entries say (raises if not).
        connection.execute("INSERT INTO entry_fts (entry_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        connection.close()


def make_fixture(folder: Path) -> None:
    """Write the archive and the rows an import of it writes today."""
    from reflect.core.export import ExportScope, export
    from reflect.core.prompts import load_library
    from reflect.core.sample import fill_journal
    from tests.helpers import TODAY
    from tests.unit.test_archive import AWKWARD, add_cpd_and_words, entry

    source = folder / "source.db"
    with Journal.open(source) as journal:
        fill_journal(journal, load_library(), 40, seed=25, until=TODAY)
        short = [text for text in AWKWARD if len(text) < 1000]
        journal.add_records([entry(f"{i:032x}", text) for i, text in enumerate(short)])
        session = journal.add_supervision_session(
            date(2026, 10, 20),
            supervisor_initials="RT",
            notes=AWKWARD[0],
            entry_uids=[f"{0:032x}"],
            actions=[("Plan a joint visit", date(2026, 11, 3)), (AWKWARD[1], None, True)],
        )
        add_cpd_and_words(journal, AWKWARD[0], entry_uid=f"{0:032x}", session_id=session.id)
        ARCHIVE.write_text(
            export(journal, ExportScope(include_drafts=True), fmt="archive").text,
            encoding="utf-8",
        )
    target = folder / "new.db"
    with Journal.open(target) as journal:
        import_file(journal, ARCHIVE)
        import_file(journal, ARCHIVE)
    ROWS.write_text(json.dumps(rows_of(target), indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as made:
        make_fixture(Path(made))
    sys.exit(0)


KILLED_MID_IMPORT = """
import os, signal, sys
from pathlib import Path
from reflect.core.importer import import_export, import_file
from reflect.core.journal import Journal

def killed(done, total):
    # Every entry is written and indexed, in the open transaction: die before the commit.
    if done == total:
        os.kill(os.getpid(), signal.SIGKILL)

with Journal.open(Path(sys.argv[1])) as journal:
    import_file(journal, Path(sys.argv[2]), killed)
"""


def test_an_import_killed_before_its_commit_leaves_the_journal_as_it_was(tmp_path: Path) -> None:
    import signal
    import subprocess

    target = tmp_path / "kept.db"
    with Journal.open(target) as journal:
        journal.add_term("Placement 1", date(2026, 1, 5), date(2026, 3, 27))
    before = rows_of(target)
    run = subprocess.run(
        [sys.executable, "-c", KILLED_MID_IMPORT, str(target), str(ARCHIVE)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    with Journal.open(target) as journal:
        assert journal.terms()[0].name == "Placement 1"  # it opens, and holds what it held
    assert rows_of(target) == before
    connection = sqlite3.connect(target)
    try:
        connection.execute("INSERT INTO entry_fts (entry_fts, rank) VALUES ('integrity-check', 1)")
        # Not paused: the pause row of the killed import went with its transaction.
        assert connection.execute("SELECT count(*) FROM fts_pause").fetchone() == (0,)
    finally:
        connection.close()


@given(st.text(alphabet=st.sampled_from(["a", "{", "\n", "\r", " ", "é"]), max_size=40))
def test_an_archive_is_read_line_by_line_as_split_would_cut_it(text: str) -> None:
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # what the reader did before it read one line at a time
    assert list(_lines(text)) == lines


def entries_only(copies: int) -> str:
    """The archive's entries ``copies`` times over, each copy with uids of its own."""
    kept = ARCHIVE.read_text(encoding="utf-8").splitlines()
    entries = [line for line in kept if line.startswith('{"entry"')]
    lines = ['{"archive":"reflect","version":1}']
    for copy in range(copies):
        lines += [line.replace('"uid":"', f'"uid":"{copy}-', 1) for line in entries]
    count = copies * len(entries)
    lines.append(json.dumps({"end": {"entries": count, "sessions": 0, "terms": 0}}))
    return "\n".join(lines) + "\n"


def test_an_import_never_holds_the_whole_file(tmp_path: Path) -> None:
    archive = tmp_path / "big.jsonl"
    archive.write_text(entries_only(10), encoding="utf-8")
    with Journal.open(tmp_path / "new.db") as journal:
        tracemalloc.start()
        try:
            result = import_file(journal, archive)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.entries_added == 460  # 46 entries, 10 times
    # Python's own allocations at their highest (SQLite's are not counted),
    # against the file's size: 4.95 while its bytes, its text and a list of
    # its lines were all held to the end, 2.94 with its text held while it was
    # read, 2.45 now that it is read a line at a time.
    assert peak < 2.7 * archive.stat().st_size


def test_an_archive_read_from_its_file_line_by_line_is_what_its_text_holds(
    tmp_path: Path,
) -> None:
    from reflect.core.errors import ImportRefused
    from reflect.core.importer import parse_export

    text = ARCHIVE.read_text(encoding="utf-8")
    for name, content in {
        "as written": text.encode(),
        "edited on Windows": text.replace("\n", "\r\n").encode(),
        "no last newline": text.rstrip("\n").encode(),
    }.items():
        path = tmp_path / f"{name}.jsonl"
        path.write_bytes(content)
        with Journal.open(tmp_path / f"{name}.db") as journal:
            result = import_file(journal, path)
        with Journal.open(tmp_path / f"{name}-text.db") as journal:
            expected = import_export(journal, parse_export(content.decode(), str(path)))
        assert result == expected, name
        assert rows_of(tmp_path / f"{name}.db") == rows_of(tmp_path / f"{name}-text.db"), name
    # Not UTF-8 far down the file: refused as a whole, nothing written.
    broken = tmp_path / "broken.jsonl"
    data = text.encode()
    last = data.rfind(b'"uid":"') + len(b'"uid":"')  # the last entry, or a CPD record
    broken.write_bytes(data[:last] + b"\xff" + data[last:])
    with Journal.open(tmp_path / "broken.db") as journal:
        with pytest.raises(ImportRefused, match=r"is not a Reflect export \(it is not text\)"):
            import_file(journal, broken)
        assert journal.count_entries() == 0


def import_peak(folder: Path, copies: int) -> int:
    """Python's peak traced memory while importing ``copies`` of the archive's entries."""
    archive = folder / f"{copies}.jsonl"
    archive.write_text(entries_only(copies), encoding="utf-8")
    with Journal.open(folder / f"{copies}.db") as journal:
        tracemalloc.start()
        try:
            result = import_file(journal, archive)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.entries_added == 46 * copies
    return peak


def test_an_import_holds_a_batch_of_entries_not_all_of_them(tmp_path: Path) -> None:
    # Four times the entries, about the same peak: entries are written as they
    # are read (a batch at a time), not all read first. Measured: 5.6 MB for
    # 460 entries and 6.2 MB for 1,840; 22 MB for 1,840 when all were held.
    small = import_peak(tmp_path, 10)
    large = import_peak(tmp_path, 40)
    assert large < 1.5 * small


def test_an_import_refused_at_its_last_line_writes_nothing(tmp_path: Path) -> None:
    from reflect.core.errors import ImportRefused

    target = tmp_path / "kept.db"
    with Journal.open(target) as journal:
        import_file(journal, ARCHIVE)
    before = rows_of(target)
    lines = entries_only(30).splitlines()  # 1,380 entries: several batches written first
    counted = json.dumps({"end": {"entries": 1381, "sessions": 0, "terms": 0}})
    for name, (edited, said) in {
        "miscounted": ([*lines[:-1], counted], "does not hold what its last line counts"),
        "one entry twice": ([*lines[:-1], lines[1], counted], "holds one entry twice"),
        "cut": (lines[:-1], "is incomplete"),
    }.items():
        archive = tmp_path / f"{name}.jsonl"
        archive.write_text("\n".join(edited) + "\n", encoding="utf-8")
        with Journal.open(target) as journal, pytest.raises(ImportRefused, match=said):
            import_file(journal, archive)
        assert rows_of(target) == before, name


KILLED_PART_WAY = """
import os, signal, sys
from pathlib import Path
from reflect.core.importer import import_file
from reflect.core.journal import Journal

def killed(done, total):
    # Some batches written and indexed, more still to read: die there.
    if 500 <= done < total:
        os.kill(os.getpid(), signal.SIGKILL)

with Journal.open(Path(sys.argv[1])) as journal:
    import_file(journal, Path(sys.argv[2]), killed)
"""


def test_an_import_killed_part_way_through_the_file_leaves_the_journal_as_it_was(
    tmp_path: Path,
) -> None:
    import signal
    import subprocess

    archive = tmp_path / "big.jsonl"
    archive.write_text(entries_only(30), encoding="utf-8")  # 1,380 entries: three batches
    target = tmp_path / "kept.db"
    with Journal.open(target) as journal:
        import_file(journal, ARCHIVE)
    before = rows_of(target)
    run = subprocess.run(
        [sys.executable, "-c", KILLED_PART_WAY, str(target), str(archive)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert rows_of(target) == before
    with Journal.open(target) as journal:
        assert journal.count_entries() == 46
