"""Short-lived in-process caches of configuration rows, dropped when those rows change.

Every ORM session of this process reports which tables its committed transactions
wrote (flushed objects and ORM-enabled INSERT/UPDATE/DELETE statements alike); a
cache remembers the change count of its tables when it loaded a value, and a value
loaded before a later change is loaded again. Writes made by other processes (or by
raw SQL) are not seen: there, the cache's time-to-live bounds how stale a value can be.
"""

import time
from collections.abc import Callable, Hashable, Iterable
from itertools import chain
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_changes: dict[str, int] = {}
_TOUCHED = "kazi_touched_tables"


def change_count(tables: Iterable[str]) -> int:
    """Grows whenever a transaction that wrote one of `tables` commits in this process."""
    return sum(_changes.get(table, 0) for table in tables)


def _touch(session: Session, table: str | None) -> None:
    if table:
        session.info.setdefault(_TOUCHED, set()).add(table)


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    for instance in chain(session.new, session.dirty, session.deleted):
        _touch(session, getattr(type(instance), "__tablename__", None))


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _touch(state.session, getattr(table, "name", None))


def _after_commit(session: Session) -> None:
    for table in session.info.pop(_TOUCHED, ()):
        _changes[table] = _changes.get(table, 0) + 1


def _after_rollback(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


def _install() -> None:
    hooks: list[tuple[str, Callable[..., Any]]] = [
        ("after_flush", _after_flush),
        ("do_orm_execute", _on_execute),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ]
    for name, hook in hooks:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


_install()


class ConfigCache(Generic[K, V]):
    """Values keyed by K, each kept for `ttl_s` seconds or until `tables` change."""

    def __init__(
        self,
        tables: Iterable[str],
        ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.tables = tuple(tables)
        self.ttl_s = ttl_s
        self._clock = clock
        self._values: dict[K, tuple[float, int, V]] = {}

    def version(self) -> int:
        """Take it before loading a value, and store the value with it."""
        return change_count(self.tables)

    def get(self, key: K) -> V | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        expires, version, value = entry
        if expires <= self._clock() or version != self.version():
            del self._values[key]
            return None
        return value

    def put(self, key: K, value: V, version: int) -> None:
        if self.ttl_s > 0:
            self._values[key] = (self._clock() + self.ttl_s, version, value)

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
