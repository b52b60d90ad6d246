"""A new journal is made from the DDL kept in reflect/data: exactly what the models render."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from reflect.core.journal import Journal
from reflect.core.schema_snapshot import model_ddl, snapshot_ddl


def test_the_snapshot_is_what_the_models_render() -> None:
    # After changing a model: python -m reflect.core.schema_snapshot
    assert snapshot_ddl() == model_ddl()
    assert any("CREATE TABLE entry " in s for s in snapshot_ddl())


def test_a_new_journal_has_the_models_tables(journal_path: Path) -> None:
    with Journal.open(journal_path):
        pass
    conn = sqlite3.connect(journal_path)
    try:
        made = {
            name: sql
            for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql NOT NULL")
        }
    finally:
        conn.close()
    for statement in model_ddl():
        assert statement.strip() in {sql.strip() for sql in made.values()}


def test_making_a_journal_loads_no_sqlmodel(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reflect.core.journal import Journal\n"
        f"with Journal.open(Path({str(tmp_path / 'j.db')!r})):\n"
        "    pass\n"
        "print('sqlmodel' in sys.modules, 'reflect.core.models' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
