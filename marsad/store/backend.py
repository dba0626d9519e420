"""One Store interface, two backends: DuckDB (embedded default) and PostgreSQL (psycopg 3).

SQL is written once, portable, with ``?`` placeholders; the PostgreSQL backend turns
them into ``%s``. Values always travel as parameters, never inside the SQL text.
Only bulk loading differs: DuckDB reads an Arrow table in one statement, PostgreSQL
gets a pipelined ``executemany``.

    >>> store = open_store("marsad.duckdb")        # or "postgresql://user:pw@host/db"
    >>> store.counts()
    {'articles': 0, ...}
"""
from __future__ import annotations

import contextlib
import datetime as _dt
from typing import Any, Iterable, Iterator, Optional, Sequence

from .schema import SCHEMA_VERSION, TABLES, create_statements


class SchemaVersionError(RuntimeError):
    """The database was written with another schema version."""


def is_postgres_url(db: str) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


def open_store(db: Any = "marsad.duckdb", *, read_only: bool = False) -> "Store":
    """Open (creating if needed) the store at ``db``: a DuckDB file path, ``:memory:``,
    or a ``postgresql://`` URL."""
    if isinstance(db, Store):
        return db
    if is_postgres_url(str(db)):
        return PostgresStore(str(db), read_only=read_only)
    return DuckDBStore(str(db), read_only=read_only)


class Store:
    """The operations marsad needs from a database; subclasses supply the dialect."""

    dialect = "generic"

    def __init__(self) -> None:
        self._depth = 0

    # -- dialect hooks -------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql

    def _execute(self, sql: str, params: Sequence = ()) -> Any:  # pragma: no cover
        raise NotImplementedError

    def _fetch(self, sql: str, params: Sequence = ()) -> tuple[list[str], list[tuple]]:  # pragma: no cover
        raise NotImplementedError

    def _bulk_insert(self, table: str, cols: list[str], rows: list[dict], on_conflict: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def _bulk_update(self, table: str, key: Sequence[str], cols: list[str], rows: list[tuple]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _begin(self) -> None:
        self._execute("BEGIN")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        self._execute("ROLLBACK")

    def close(self) -> None:  # pragma: no cover
        raise NotImplementedError

    # -- public API ----------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def init_schema(self) -> None:
        """Create missing tables; check (or record) the schema version."""
        with self.transaction():
            for stmt in create_statements():
                self._execute(stmt)
            rows = self.query("SELECT value FROM meta WHERE key = ?", ["schema_version"])
            if not rows:
                self.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ["schema_version", str(SCHEMA_VERSION)])
            elif int(rows[0]["value"]) != SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"database schema version {rows[0]['value']}, this marsad writes {SCHEMA_VERSION}; "
                    "see docs/SCHEMA.md")

    def schema_version(self) -> Optional[int]:
        try:
            rows = self.query("SELECT value FROM meta WHERE key = ?", ["schema_version"])
        except Exception:
            return None
        return int(rows[0]["value"]) if rows else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """A transaction; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    def execute(self, sql: str, params: Sequence = ()) -> None:
        self._execute(self._sql(sql), list(params))

    def query(self, sql: str, params: Sequence = ()) -> list[dict]:
        cols, rows = self._fetch(self._sql(sql), list(params))
        return [dict(zip(cols, r)) for r in rows]

    def query_tuples(self, sql: str, params: Sequence = ()) -> tuple[list[str], list[tuple]]:
        return self._fetch(self._sql(sql), list(params))

    def scalar(self, sql: str, params: Sequence = ()) -> Any:
        _, rows = self._fetch(self._sql(sql), list(params))
        return rows[0][0] if rows else None

    def insert(self, table: str, rows: Iterable[dict], *, on_conflict: str = "nothing") -> int:
        """Insert rows (dicts keyed by column) into ``table``.

        ``on_conflict``: "nothing" keeps the stored row when the primary key exists
        (idempotent ingest), "update" replaces its other columns, "error" raises.
        Rows repeating a key within the batch keep the first (or last, for "update")."""
        t = TABLES[table]
        cols = t.column_names
        rows = list(rows)
        if not rows:
            return 0
        if t.primary_key:
            pk = t.primary_key
            seen: dict = {}
            if len(pk) == 1:
                (c0,) = pk
                for r in rows:
                    k = r.get(c0)
                    if on_conflict == "update" or k not in seen:
                        seen[k] = r
            else:
                for r in rows:
                    k = tuple(r.get(c) for c in pk)
                    if on_conflict == "update" or k not in seen:
                        seen[k] = r
            if len(seen) != len(rows):
                rows = list(seen.values())
        with self.transaction():
            self._bulk_insert(table, cols, rows, on_conflict)
        return len(rows)

    def update(self, table: str, key: Sequence[str], rows: Iterable[dict], columns: Sequence[str]) -> int:
        """Set ``columns`` of the rows whose ``key`` columns match each given row."""
        rows = list(rows)
        if not rows:
            return 0
        cols = list(key) + [c for c in columns if c not in key]
        tuples = [tuple(r.get(c) for c in cols) for r in rows]
        with self.transaction():
            self._bulk_update(table, list(key), cols, tuples)
        return len(tuples)

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise KeyError(table)
        return int(self.scalar(f"SELECT COUNT(*) FROM {table}"))

    def counts(self) -> dict[str, int]:
        return {t: self.count(t) for t in TABLES}

    def existing(self, table: str, column: str, values: Iterable[Any], chunk: int = 500) -> set:
        """Which of ``values`` are present in ``table.column``."""
        if table not in TABLES or column not in TABLES[table].column_names:
            raise KeyError(f"{table}.{column}")
        values = list(dict.fromkeys(values))
        found: set = set()
        for i in range(0, len(values), chunk):
            part = values[i:i + chunk]
            marks = ", ".join("?" for _ in part)
            for r in self.query(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", part):
                found.add(r[column])
        return found

    def delete_where_in(self, table: str, column: str, values: Iterable[Any], chunk: int = 500) -> None:
        if table not in TABLES or column not in TABLES[table].column_names:
            raise KeyError(f"{table}.{column}")
        values = list(dict.fromkeys(values))
        with self.transaction():
            for i in range(0, len(values), chunk):
                part = values[i:i + chunk]
                marks = ", ".join("?" for _ in part)
                self.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", part)


def _conflict_clause(table: str, cols: list[str], on_conflict: str) -> str:
    t = TABLES[table]
    if on_conflict == "error" or not t.primary_key:
        return ""
    if on_conflict == "nothing":
        return " ON CONFLICT DO NOTHING"
    if on_conflict == "update":
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c not in t.primary_key)
        return f" ON CONFLICT ({', '.join(t.primary_key)}) DO UPDATE SET {sets}"
    raise ValueError(f"on_conflict must be nothing, update or error, not {on_conflict!r}")


# ---------------------------------------------------------------------------
# DuckDB


_ARROW_TYPES = None


def _arrow_type(sql_type: str):
    global _ARROW_TYPES
    import pyarrow as pa

    if _ARROW_TYPES is None:
        _ARROW_TYPES = {
            "TEXT": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE PRECISION": pa.float64(),
            "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "BYTEA": pa.binary(),
        }
    return _ARROW_TYPES[sql_type]


class DuckDBStore(Store):
    dialect = "duckdb"

    def __init__(self, path: str = "marsad.duckdb", *, read_only: bool = False):
        super().__init__()
        import duckdb

        self.path = path
        self.read_only = read_only
        self.con = duckdb.connect(path, read_only=read_only)
        self._n_tmp = 0
        if not read_only:
            self.init_schema()

    def _execute(self, sql: str, params: Sequence = ()) -> Any:
        return self.con.execute(sql, params) if params else self.con.execute(sql)

    def _fetch(self, sql: str, params: Sequence = ()) -> tuple[list[str], list[tuple]]:
        cur = self.con.execute(sql, params) if params else self.con.execute(sql)
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()

    def _arrow(self, table: str, cols: list[str], rows: list):
        """Rows (dicts keyed by column, or tuples in ``cols`` order) as a typed Arrow table."""
        import pyarrow as pa

        types = dict(TABLES[table].columns)
        if rows and isinstance(rows[0], dict):
            arrays = [pa.array([r.get(c) for r in rows], type=_arrow_type(types[c])) for c in cols]
        else:
            arrays = [pa.array([r[i] for r in rows], type=_arrow_type(types[c])) for i, c in enumerate(cols)]
        return pa.Table.from_arrays(arrays, names=cols)

    def _register(self, tbl) -> str:
        self._n_tmp += 1
        name = f"_marsad_rows_{self._n_tmp}"
        self.con.register(name, tbl)
        return name

    def _bulk_insert(self, table: str, cols: list[str], rows: list[dict], on_conflict: str) -> None:
        name = self._register(self._arrow(table, cols, rows))
        try:
            collist = ", ".join(cols)
            self.con.execute(f"INSERT INTO {table} ({collist}) SELECT {collist} FROM {name}"
                             + _conflict_clause(table, cols, on_conflict))
        finally:
            self.con.unregister(name)

    def _bulk_update(self, table: str, key: Sequence[str], cols: list[str], rows: list[tuple]) -> None:
        name = self._register(self._arrow(table, cols, rows))
        try:
            sets = ", ".join(f"{c} = {name}.{c}" for c in cols if c not in key)
            cond = " AND ".join(f"{table}.{k} = {name}.{k}" for k in key)
            self.con.execute(f"UPDATE {table} SET {sets} FROM {name} WHERE {cond}")
        finally:
            self.con.unregister(name)

    def close(self) -> None:
        self.con.close()


# ---------------------------------------------------------------------------
# PostgreSQL


class PostgresStore(Store):
    dialect = "postgresql"

    def __init__(self, url: str, *, read_only: bool = False):
        super().__init__()
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - an optional dependency
            raise RuntimeError("the PostgreSQL store needs psycopg 3: pip install 'marsad[postgres]'") from exc

        self.url = url
        self.read_only = read_only
        self.con = psycopg.connect(url, autocommit=True)
        if not read_only:
            self.init_schema()

    def _sql(self, sql: str) -> str:
        # psycopg's placeholders: %s; a literal % must be doubled.
        return sql.replace("%", "%%").replace("?", "%s")

    def _execute(self, sql: str, params: Sequence = ()) -> Any:
        return self.con.execute(sql, params or None)

    def _fetch(self, sql: str, params: Sequence = ()) -> tuple[list[str], list[tuple]]:
        cur = self.con.execute(sql, params or None)
        cols = [d.name for d in cur.description] if cur.description else []
        return cols, cur.fetchall()

    def _bulk_insert(self, table: str, cols: list[str], rows: list[dict], on_conflict: str) -> None:
        marks = ", ".join(["%s"] * len(cols))
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})" + _conflict_clause(table, cols, on_conflict)
        with self.con.cursor() as cur:
            cur.executemany(sql, [tuple(r.get(c) for c in cols) for r in rows])

    def _bulk_update(self, table: str, key: Sequence[str], cols: list[str], rows: list[tuple]) -> None:
        types = dict(TABLES[table].columns)
        sets = ", ".join(f"{c} = %s::{types[c]}" for c in cols if c not in key)
        cond = " AND ".join(f"{k} = %s" for k in key)
        sql = f"UPDATE {table} SET {sets} WHERE {cond}"
        nk = len(key)
        params = [tuple(r[nk:]) + tuple(r[:nk]) for r in rows]
        with self.con.cursor() as cur:
            cur.executemany(sql, params)

    def close(self) -> None:
        self.con.close()


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None, microsecond=0)
