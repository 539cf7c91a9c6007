"""The SQL of the recorder's batch write, built once from the tables at import.

The rollups are summed by the database from the rows the batch inserted, so a row
already stored (a retried batch) never reaches them. On PostgreSQL the whole batch is
one statement: the rows go in as one array per column (one prepared statement for any
batch size) and data-modifying CTEs add the inserted ones to every rollup. SQLite has
no such CTEs: there the rows are inserted first, then each rollup reads them by id.
Rollup keys are sorted, so concurrent writers lock them in the same order.
"""

from datetime import datetime
from types import NoneType
from typing import get_args, get_type_hints

from kazi.kit.db import Base
from kazi.usage.latency import bucket_sql
from kazi.usage.models import (
    AIProviderUsageLog,
    UsageDailyLatency,
    UsageDailyRollup,
    UsageDailyTotal,
    UsageDailyUserTotal,
)
from kazi.usage.record import FIELD_NAMES, UsageRecord, UsageStatus

NO_USER = 0  # the rollups' user_id for calls made without a user
COLUMNS = FIELD_NAMES  # the log columns written
ROLLUP_KEY = ("day", "provider_name", "model", "task_type", "tier", "user_id")
LATENCY_KEY = (*ROLLUP_KEY[:-1], "bucket")
_SUCCESS = UsageStatus.SUCCESS.value
# Each counter, summed over the rows of one key.
_SUMS = {
    "calls": "count(*)",
    "errors": f"sum(CASE WHEN status <> '{_SUCCESS}' THEN 1 ELSE 0 END)",
    "input_tokens": "sum(input_tokens)",
    "output_tokens": "sum(output_tokens)",
    "cached_tokens": "sum(cached_tokens)",
    "cost_micro_usd": "coalesce(sum(cost_micro_usd), 0)",
    "unpriced_calls": "sum(CASE WHEN cost_micro_usd IS NULL THEN 1 ELSE 0 END)",
    "latency_ms_total": "sum(latency_ms)",
}
COUNTERS = tuple(_SUMS)  # of the full rollups, in their order in Totals
_PER_USER = ("calls", "cost_micro_usd", "unpriced_calls")
# The full rollup, the same summed over users, and per user over everything else;
# a rollup keeping provider_type takes the smallest among a new key's rows.
_ROLLUPS: tuple[tuple[type[Base], tuple[str, ...], tuple[str, ...]], ...] = (
    (UsageDailyRollup, ROLLUP_KEY, COUNTERS),
    (UsageDailyTotal, ROLLUP_KEY[:-1], COUNTERS),
    (UsageDailyUserTotal, ("day", "user_id"), _PER_USER),
)
# The UTC day of a raw row, as stored by each dialect.
_DAY = {"postgresql": "(created_at AT TIME ZONE 'UTC')::date", "sqlite": "date(created_at)"}
# Array types of the columns passed to PostgreSQL's unnest: lengths and ranges are
# checked by the insert itself (an explicit cast to varchar(n) would truncate).
# bool before int: a bool is an int.
_PG_ARRAYS = ((str, "TEXT[]"), (bool, "BOOLEAN[]"), (int, "BIGINT[]"), (datetime, "TIMESTAMPTZ[]"))
_LOG = AIProviderUsageLog.__tablename__


def _keyed(dialect: str, rows: str) -> str:
    """The inserted rows with their rollup key: the UTC day, and user 0 for no user."""
    return (
        f"SELECT {_DAY[dialect]} AS day, provider_name, provider_type, model, task_type, tier,"  # noqa: S608
        f" coalesce(user_id, {NO_USER}) AS user_id, status, input_tokens, output_tokens,"
        f" cached_tokens, cost_micro_usd, latency_ms FROM {rows}"
    )


def _upsert(model: type[Base], key: tuple[str, ...], counters: tuple[str, ...], source: str) -> str:
    """Adds the source's sums per key to the table, inserting the keys not there yet."""
    table = model.__tablename__
    extra = ("provider_type",) if "provider_type" in model.__table__.c else ()
    names = (*key, *extra, *counters)
    values = (*key, *(f"min({name})" for name in extra), *(_SUMS[name] for name in counters))
    grouped = ", ".join(key)
    added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in counters)
    return (
        f"INSERT INTO {table} ({', '.join(names)})"  # noqa: S608 (constants only)
        f" SELECT {', '.join(values)} FROM {source} WHERE true"
        f" GROUP BY {grouped} ORDER BY {grouped}"
        f" ON CONFLICT ({grouped}) DO UPDATE SET {added}"
    )


def _latency_upsert(source: str) -> str:
    """Successful calls per latency bucket and rollup key without user."""
    table = UsageDailyLatency.__tablename__
    grouped = ", ".join(LATENCY_KEY)
    return (
        f"INSERT INTO {table} ({grouped}, calls)"  # noqa: S608 (constants only)
        f" SELECT {', '.join(LATENCY_KEY[:-1])}, {bucket_sql('latency_ms')} AS bucket,"
        f" count(*) FROM {source} WHERE status = '{_SUCCESS}'"
        f" GROUP BY {grouped} ORDER BY {grouped}"
        f" ON CONFLICT ({grouped}) DO UPDATE SET calls = {table}.calls + excluded.calls"
    )


def rollup_statements(source: str) -> list[str]:
    """One upsert per rollup table, each summing `source` (rows keyed as by _keyed)."""
    upserts = [_upsert(model, key, counters, source) for model, key, counters in _ROLLUPS]
    return [*upserts, _latency_upsert(source)]


def _pg_array(name: str) -> str:
    """The array type of a record field, from its annotation (`int | None` is an int)."""
    hint = get_type_hints(UsageRecord)[name]
    kinds = [kind for kind in get_args(hint) or (hint,) if kind is not NoneType]
    return next(array for kind, array in _PG_ARRAYS if issubclass(kinds[0], kind))


def _postgresql_batch() -> str:
    """Inserts the arrays' rows, adds the new ones to the rollups; returns their count."""
    arrays = ", ".join(f"CAST(:{name} AS {_pg_array(name)})" for name in COLUMNS)
    inserted = (
        f"INSERT INTO {_LOG} ({', '.join(COLUMNS)}) SELECT * FROM unnest({arrays})"  # noqa: S608
        " ON CONFLICT (request_id) DO NOTHING RETURNING *"
    )
    steps = [f"new AS ({inserted})", f"keyed AS ({_keyed('postgresql', 'new')})"]
    steps += [f"add_{n} AS ({sql})" for n, sql in enumerate(rollup_statements("keyed"))]
    return f"WITH {', '.join(steps)} SELECT count(*) FROM new"  # noqa: S608 (constants only)


POSTGRESQL_BATCH = _postgresql_batch()
# SQLite: the rollups read the rows just inserted by their ids (`ids`, expanding).
SQLITE_ROLLUPS = rollup_statements(f"({_keyed('sqlite', f'{_LOG} WHERE id IN :ids')}) AS new")
