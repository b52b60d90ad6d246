"""The one way the data layer talks to the database: SQL through a driver connection.

Every part of the service (entries, search, periods, supervision, CPD,
actions, word lists, continuity, bulk loading) is a class built on
`Database`, and reaches the file only through its two doors:

- ``with self._read() as db:`` a connection in a read transaction (one
  snapshot for every query inside);
- ``with self._write() as db:`` a connection whose transaction takes the
  write lock at once (``BEGIN IMMEDIATE``), committed when the block ends and
  rolled back if it raises, so two writers queue instead of failing half way.

Both give a `Db`: the DB-API connection (the standard library's sqlite3 or
SQLCipher's) with a few helpers for named rows. Where the connection comes
from is the only difference between `Journal` (a pool SQLAlchemy keeps, see
`reflect.core.store`) and `Reader` (one connection it opens itself, without
importing SQLAlchemy, so a command that only reads starts quicker).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from reflect.core.errors import EntryNotFound, InvalidInput
from reflect.core.stopping import Stop, Stopped

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from reflect.core.vocab import TagKind

Params = Mapping[str, Any] | Sequence[Any]


@lru_cache(maxsize=256)
def _row_type(names: tuple[str, ...]) -> Any:
    return namedtuple("Row", names, rename=True)


class Db:
    """One driver connection, as every query of the data layer uses it.

    Parameters are named (``:name`` with a mapping) or positional (``?``).
    `execute` returns the driver's cursor (rows are tuples, the quickest for
    reading many); `rows`, `row` and `value` give rows whose columns are
    attributes.
    """

    __slots__ = ("driver",)

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def execute(self, sql: str, params: Params = ()) -> Any:
        """Run one statement; the driver's cursor (``rowcount``, ``fetchall``...)."""
        return self.driver.execute(sql, params)

    def many(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement for each set of parameters."""
        self.driver.executemany(sql, rows)

    def rows(self, sql: str, params: Params = ()) -> list[Any]:
        """Every row, with the columns as attributes."""
        cursor = self.execute(sql, params)
        row_type = _row_type(tuple(d[0] for d in cursor.description))
        return [row_type._make(r) for r in cursor.fetchall()]

    def row(self, sql: str, params: Params = ()) -> Any | None:
        """The first row (columns as attributes), or None."""
        cursor = self.execute(sql, params)
        found = cursor.fetchone()
        if found is None:
            return None
        return _row_type(tuple(d[0] for d in cursor.description))._make(found)

    def value(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        found = self.execute(sql, params).fetchone()
        return None if found is None else found[0]


class StoppableDb(Db):
    """A `Db` that starts no statement once its read has been asked to stop."""

    __slots__ = ("stop",)

    def __init__(self, driver: Any, stop: Stop) -> None:
        super().__init__(driver)
        self.stop = stop

    def execute(self, sql: str, params: Params = ()) -> Any:
        """Run one statement, unless the read was stopped meanwhile (`Stopped`)."""
        if self.stop.asked:
            raise Stopped
        return super().execute(sql, params)


class Connections(Protocol):
    """Where a `Database` gets a driver connection for the length of a block."""

    # Whether a read may be stopped part way: only when the connection it
    # interrupted can be closed and replaced (`discard`).
    stoppable: bool

    def checkout(self) -> AbstractContextManager[Any]:
        """A driver connection, given back when the block ends."""
        ...

    def discard(self, driver: Any) -> None:
        """Close ``driver`` when its block ends instead of lending it again."""
        ...


class PooledConnections:
    """Connections lent by the journal's SQLAlchemy pool (pragmas set once each)."""

    stoppable = True

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._discarded: set[int] = set()

    @contextmanager
    def checkout(self) -> Iterator[Any]:
        """A pooled connection's driver connection."""
        pooled = self.engine.raw_connection()
        driver = pooled.driver_connection
        try:
            yield driver
        finally:
            if id(driver) in self._discarded:
                self._discarded.discard(id(driver))
                pooled.invalidate()  # closed; the pool opens a fresh one when needed
            else:
                pooled.close()

    def discard(self, driver: Any) -> None:
        """Close ``driver`` when its block ends: the pool will not lend it again."""
        self._discarded.add(id(driver))


class SingleConnection:
    """One connection, opened by `Reader`, lent to every block in turn."""

    stoppable = False  # its one connection cannot be replaced

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    @contextmanager
    def checkout(self) -> Iterator[Any]:
        """The connection itself."""
        yield self.driver

    def discard(self, driver: Any) -> None:
        """Never called: `stoppable` is False."""
        raise TypeError("a Reader's one connection cannot be replaced")


class Database:
    """Connection handling and the helpers every part of the data layer shares."""

    def __init__(self, connections: Connections) -> None:
        self._connections = connections

    @contextmanager
    def _read(self, stop: Stop | None = None) -> Iterator[Db]:
        """A connection in a read transaction: every query inside sees one snapshot.

        With ``stop``, a newer read may stop this one part way
        (`reflect.core.stopping`): the block then raises `Stopped`, and a
        connection the stop interrupted is closed, not lent again.
        """
        if stop is not None:
            with self._stoppable_read(stop) as db:
                yield db
            return
        with self._connections.checkout() as driver:
            if driver.in_transaction:  # a read inside a read on Reader's one connection
                yield Db(driver)
                return
            driver.execute("BEGIN")
            try:
                yield Db(driver)
            finally:
                if driver.in_transaction:
                    driver.execute("ROLLBACK")

    @contextmanager
    def _stoppable_read(self, stop: Stop) -> Iterator[Db]:
        if not self._connections.stoppable:
            raise TypeError("this journal's reads cannot be stopped (a Reader's one connection)")
        with self._connections.checkout() as driver:
            driver.execute("BEGIN")
            try:
                with stop.watching(driver):
                    yield StoppableDb(driver, stop)
            finally:
                if stop.reached:
                    # SQLite's interrupt may still be in force on this
                    # connection: closing it ends the transaction too.
                    self._connections.discard(driver)
                elif driver.in_transaction:
                    driver.execute("ROLLBACK")

    @contextmanager
    def _write(self) -> Iterator[Db]:
        """A connection whose transaction holds the write lock from its first statement."""
        with self._connections.checkout() as driver:
            driver.execute("BEGIN IMMEDIATE")
            try:
                yield Db(driver)
            except BaseException:
                if driver.in_transaction:
                    driver.execute("ROLLBACK")
                raise
            try:
                driver.execute("COMMIT")
            except BaseException:
                # A commit that failed (a full disk) leaves nothing half written.
                if driver.in_transaction:
                    driver.execute("ROLLBACK")
                raise

    # -- helpers shared by the parts ------------------------------------------

    @staticmethod
    def _clean_case_code(case_code: str) -> str:
        cleaned = " ".join(case_code.split())
        if not cleaned:
            raise InvalidInput("An entry needs a case code.")
        if len(cleaned) > 40:
            raise InvalidInput("A case code is at most 40 characters.")
        return cleaned

    @staticmethod
    def _tag_id(db: Db, kind: TagKind, name: str) -> int:
        found = db.value("SELECT id FROM tag WHERE kind = ? AND name = ?", (kind.value, name))
        if found is not None:
            return int(found)
        return int(
            db.value("INSERT INTO tag (kind, name) VALUES (?, ?) RETURNING id", (kind.value, name))
        )

    @staticmethod
    def _require_entry(db: Db, entry_id: int, *, include_trash: bool = False) -> None:
        row = db.execute("SELECT deleted_at FROM entry WHERE id = ?", (entry_id,)).fetchone()
        if row is None or (row[0] is not None and not include_trash):
            raise EntryNotFound(f"There is no entry number {entry_id}.")


def period_clauses(
    column: str, start: date | None, end: date | None
) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions (and their parameters) keeping ``column`` between two dates, both included."""
    clauses, params = ["1 = 1"], {}
    if start:
        clauses.append(f"{column} >= :start")
        params["start"] = start.isoformat()
    if end:
        clauses.append(f"{column} <= :end")
        params["end"] = end.isoformat()
    return clauses, params
