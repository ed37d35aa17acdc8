"""On PostgreSQL the value table is partitioned by period (LIST on period_id): one partition per
reporting period, plus a default one. A period's figures then sit together, and a query for one
period reads its partition only, however many years the table holds (bench/bench_national.py
--history measures it). On SQLite the table is an ordinary table and nothing here runs.

The partition of a period is made when the period is saved for the first time (a signal, so that
every way of creating one is covered); values of a period without one (made by bulk_create, say)
go to the default partition and are still counted, only not pruned.
"""

from __future__ import annotations

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "reporting_datavalue"


def partition_name(period_id: int) -> str:
    return f"{TABLE}_p{int(period_id)}"


def is_partitioned(conn: BaseDatabaseWrapper = connection) -> bool:
    if conn.vendor != "postgresql":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE])
        return cursor.fetchone() is not None


def ensure_partition(period_id: int, conn: BaseDatabaseWrapper = connection) -> bool:
    """Make the period's partition if the table is partitioned and it has none; True if made.
    (A period's values cannot exist before the period, so the default partition holds none of it.)"""
    if not is_partitioned(conn):
        return False
    name = partition_name(period_id)
    with conn.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [name])
        if cursor.fetchone()[0] is not None:
            return False
        cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES IN ({int(period_id)})")
    return True


def partition_table(conn: BaseDatabaseWrapper) -> None:
    """Turn the plain value table into one partitioned by period, keeping its rows, the names of its
    indexes and constraints (so later migrations find them) and its id sequence."""
    if conn.vendor != "postgresql" or is_partitioned(conn):
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [TABLE, TABLE],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype <> 'p' ORDER BY contype, conname",
            [TABLE],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [TABLE],
        )
        columns = cursor.fetchone()[0]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM " + TABLE)  # noqa: S608
        last_id = cursor.fetchone()[0]
        cursor.execute("SELECT DISTINCT period_id FROM " + TABLE)  # noqa: S608
        periods = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT id FROM reporting_reportingperiod")
        periods = sorted(set(periods) | {row[0] for row in cursor.fetchall()})

        old = f"{TABLE}_unpartitioned"
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {old}")
        cursor.execute(f"ALTER TABLE {old} ALTER COLUMN id DROP IDENTITY IF EXISTS")
        cursor.execute(f"ALTER TABLE {old} RENAME CONSTRAINT {TABLE}_pkey TO {old}_pkey")
        # PostgreSQL before 17 has no identity column on a partitioned table: an owned sequence.
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING DEFAULTS INCLUDING STORAGE) "
            "PARTITION BY LIST (period_id)"
        )
        cursor.execute(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
        cursor.execute("SELECT setval(%s, %s, %s)", [f"{TABLE}_id_seq", max(last_id, 1), last_id > 0])
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, period_id)")
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
        for period_id in periods:
            name = partition_name(period_id)
            cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES IN ({int(period_id)})")
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {old}"  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {old}")
        for definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")
        cursor.execute(f"ANALYZE {TABLE}")
