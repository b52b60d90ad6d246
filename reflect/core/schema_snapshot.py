"""A new journal's tables and indexes as SQL, kept in reflect/data so SQLModel need not load.

`model_ddl` renders the models' metadata as SQLite's DDL;
importing SQLModel and the models for that costs about 0.2 s, which every
new journal (a first start, `reflect import` into a new file) paid. The same
statements are kept in ``reflect/data/schema_ddl.json``; a test checks they
are exactly what the models render (tests/unit/test_schema_snapshot.py), and
`write_snapshot` writes them again after a model changes.
"""

from __future__ import annotations

import json
from pathlib import Path

FILE_NAME = "schema_ddl.json"


def _path() -> Path:
    from reflect import data

    return Path(str(data.__file__)).with_name(FILE_NAME)


def snapshot_ddl() -> list[str]:
    """The CREATE TABLE and CREATE INDEX statements, as `model_ddl` gives them."""
    path = _path()
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    else:  # the package is not plain files (a zip)
        from importlib import resources

        text = resources.files("reflect.data").joinpath(FILE_NAME).read_text(encoding="utf-8")
    statements = json.loads(text)
    return [str(s) for s in statements]


def model_ddl() -> list[str]:
    """CREATE TABLE and CREATE INDEX for every model, tables in dependency order."""
    # The models load only here (the snapshot's test, write_snapshot): no journal needs them.
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    from reflect.core import models  # noqa: F401  (registers the tables)

    dialect = sqlite.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)))
    return statements


def write_snapshot() -> Path:
    """Write the models' DDL to the snapshot (after changing a model); the file written."""
    path = _path()
    path.write_text(json.dumps(model_ddl(), indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m reflect.core.schema_snapshot
    print(f"Wrote {write_snapshot()}")
