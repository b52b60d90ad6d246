"""The data layer: one base owns the connections, every part talks to the file through it."""

from __future__ import annotations

import ast
import threading
from datetime import date
from pathlib import Path

import pytest

import reflect.core
from reflect.core.cpd import CpdFields
from reflect.core.database import Database
from reflect.core.journal import Journal
from reflect.core.reading import Reader, ReadMixin
from tests.helpers import TODAY, new_draft

CORE = Path(reflect.core.__path__[0])
# The parts of the service: each reaches the file only through `Database`.
PARTS = (
    "actions",
    "bulk",
    "continuity",
    "cpd",
    "database",
    "entries",
    "journal",
    "listing",
    "periods",
    "questions",
    "reading",
    "saving",
    "search_index",
    "sessions",
    "supervision",
    "wordlists",
)


def _runtime_imports(path: Path) -> set[str]:
    """Modules a file imports when it runs (imports for type checking aside)."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("part", PARTS)
def test_no_part_talks_to_the_database_another_way(part: str) -> None:
    imports = _runtime_imports(CORE / f"{part}.py")
    assert not {m for m in imports if m.split(".")[0] in {"sqlalchemy", "sqlmodel"}}, imports
    assert "reflect.core.store" not in imports or part == "journal"  # Journal.open makes the engine


def test_no_part_leaves_a_stub_for_another_to_fill() -> None:
    for path in CORE.glob("*.py"):
        assert "raise NotImplementedError" not in path.read_text(), path


def test_every_part_is_built_on_the_one_base() -> None:
    for klass in Journal.__mro__:
        if klass.__name__.endswith("Mixin"):
            assert issubclass(klass, Database), klass
    assert issubclass(Journal, ReadMixin) and issubclass(Reader, ReadMixin)


def test_a_write_that_fails_half_way_leaves_nothing(journal: Journal) -> None:
    entry = new_draft(journal)
    with pytest.raises(RuntimeError), journal._write() as db:
        db.execute("UPDATE answer SET text = 'half' WHERE entry_id = ?", (entry.id,))
        raise RuntimeError("stopped half way")
    assert [a.text for a in journal.get_entry(entry.id).answers] == ["", "", ""]


def test_a_write_holds_the_lock_from_its_start(journal: Journal) -> None:
    """Two writers queue: the second waits for the first's commit, then sees it."""
    entry = new_draft(journal)
    started, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def first() -> None:
        with journal._write() as db:
            started.set()
            release.wait(5)
            db.execute("UPDATE entry SET current_step = 7 WHERE id = ?", (entry.id,))

    thread = threading.Thread(target=first)
    thread.start()
    started.wait(5)
    timer = threading.Timer(0.2, release.set)
    timer.start()
    with journal._write() as db:  # waits on the lock until the first commits
        seen.append(int(db.value("SELECT current_step FROM entry WHERE id = ?", (entry.id,))))
    thread.join()
    timer.join()
    assert seen == [7]


def test_journal_and_reader_read_the_same(journal_path: Path) -> None:
    with Journal.open(journal_path) as journal:
        for day, code in ((date(2026, 10, 1), "CF-1"), (TODAY, "CF-2")):
            entry = new_draft(journal, code, day)
            journal.save_draft(entry.id, {"context": f"We met at the allotment ({code})"})
            journal.set_tags(entry.id, themes=["Power"], free_tags=["allotment"])
            journal.add_action("Ring the school", entry_id=entry.id, due=TODAY)
        journal.add_term("Autumn placement", date(2026, 9, 1), date(2026, 12, 19))
        journal.add_supervision_session(TODAY, supervisor_initials="RB", entry_uids=[entry.uid])
        journal.create_cpd(CpdFields(title="Court skills", activity_date=TODAY))
        journal.add_word("flag", "Oakwood")
        from_journal = _everything(journal)
    reader = Reader.open(journal_path)
    assert reader is not None
    with reader:
        assert _everything(reader) == from_journal
    assert len(from_journal[0]) == 2 and from_journal[0][1].actions


def _everything(source: ReadMixin) -> tuple[object, ...]:
    return (
        list(source.iter_details()),
        source.terms(),
        source.get_term("Autumn placement"),
        source.supervision_sessions(),
        source.cpd_records(),
        source.case_codes(),
        source.listed_words(),
    )
