"""The usage recorder: takes records without waiting, writes them in batches, loses none.

`record()` only appends to an in-memory queue. A background task writes the queue in
batches, each in one transaction (see `repository.write_batch`, which is idempotent),
when `batch_size` rows are waiting or the oldest has waited `flush_interval`. A write
has a fixed cost (a round trip or a few, a connection checkout) worth many rows, so a
quiet server waits for rows rather than writing each on its own; with nothing queued
the writer sleeps until a row arrives.
While the database is unreachable the rows stay in memory up to `max_memory_rows`; the
rest go to an on-disk spool, which is written back first once the database answers.
"""

import asyncio
import logging
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Self

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.config import Settings
from kazi.usage import repository
from kazi.usage.record import UsageRecord
from kazi.usage.spool import UsageSpool

logger = logging.getLogger(__name__)

SPOOL_DIR_NAME = "usage-spool"
# Errors that belong to the rows rather than to the database's availability.
_ROW_ERRORS = (IntegrityError, DataError)


@dataclass(slots=True)
class RecorderStats:
    queue_depth: int = 0  # rows in memory not yet committed, the batch being written included
    rows_written: int = 0  # rows newly stored
    rows_duplicate: int = 0  # rows the database already had (a retried batch)
    rows_spooled: int = 0  # rows moved to the disk spool
    rows_dropped: int = 0  # rows lost: the spool write failed, or the database refused them
    flush_failures: int = 0  # flushes that failed because the database was unavailable


class UsageRecorder:
    """Durable, batched writer of usage records. Use from one event loop.

    `start()` launches the writer (and claims spool files left by earlier processes);
    `stop()` writes whatever is left, or spools it when the database is still down.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        spool_dir: Path,
        *,
        flush_interval: float = 10.0,
        batch_size: int = 200,
        max_memory_rows: int = 20_000,
        max_backoff: float = 30.0,
        stop_timeout: float = 10.0,
    ) -> None:
        if not repository.supports(engine):
            raise ValueError(f"no usage writer for the {engine.dialect.name} dialect")
        self.engine = engine
        self.flush_interval = flush_interval
        self.batch_size = max(1, batch_size)
        self.max_memory_rows = max(self.batch_size, max_memory_rows)
        self.max_backoff = max(flush_interval, max_backoff)
        self.stop_timeout = stop_timeout
        self.stats = RecorderStats()
        self._spool = UsageSpool(spool_dir)
        self._buffer: deque[UsageRecord] = deque()
        self._claimed: dict[Path, int] = {}  # claimed spool files, oldest first -> offset
        self._wake = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._spill_task: asyncio.Task[None] | None = None
        self._stopping = False
        self._closed = False
        self._failures_in_a_row = 0
        self._retry_at = 0.0
        self._in_flight = 0  # rows of the batch being written
        self._unreadable: set[Path] = set()  # spool files whose read failure was logged
        self._oldest_at: float | None = None  # when the oldest queued row arrived
        self._spool_dirty = True  # this process may have rows in its own spool file
        self._owns_engine = False  # a pool of the recorder's own, closed by stop()

    @classmethod
    def from_settings(cls, engine: AsyncEngine, settings: Settings) -> Self:
        """The server's recorder: writes through a pool of its own (see `writer_engine`),
        which `stop()` closes."""
        writer = repository.writer_engine(engine)
        recorder = cls(
            writer,
            settings.data_dir / SPOOL_DIR_NAME,
            flush_interval=settings.usage_flush_interval_s,
            batch_size=settings.usage_batch_size,
        )
        recorder._owns_engine = writer is not engine
        return recorder

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def outage(self) -> bool:
        return self._failures_in_a_row > 0

    def record(self, rec: UsageRecord) -> None:
        """Queues one record. Never raises and never waits."""
        try:
            if self._closed:
                self._spool_now([rec])
                return
            if not self._buffer:
                self._oldest_at = time.monotonic()
                self._wake.set()  # the writer sleeps while nothing is queued
            self._buffer.append(rec)
            depth = len(self._buffer)
            self.stats.queue_depth = depth + self._in_flight
            if depth >= self.batch_size and not self.outage:
                self._wake.set()
            if depth > self.max_memory_rows:
                self._start_spill()
        except Exception:  # the caller's request must not fail because of bookkeeping
            logger.exception("usage recorder could not queue a record")

    async def start(self) -> None:
        if self._task is not None:
            return
        try:
            await asyncio.to_thread(self._spool.hold)
            left_over = await asyncio.to_thread(self._spool.claim_left_over)
        except OSError as exc:  # the database may still take every row; keep going
            logger.error("usage spool unavailable (%s)", _describe(exc))
            left_over = []
        for path in left_over:
            self._claimed[path] = 0
        if left_over:
            logger.info("usage recorder: draining %d spool file(s) left over", len(left_over))
        self._wake.set()  # first flush right away
        self._task = asyncio.create_task(self._run(), name="usage-recorder")

    async def stop(self) -> None:
        """Writes everything still waiting; spools it if the database is still down.

        Bounded by `stop_timeout`: a database that hangs rather than refuses cannot hold
        up the shutdown, and whatever was not committed by then goes to the spool.
        """
        self._stopping = True
        self._wake.set()
        try:
            async with asyncio.timeout(self.stop_timeout):
                for task in (self._task, self._spill_task):
                    if task is not None:
                        await task  # cancelled with us on timeout; it requeues its batch
                await self.flush()
        except TimeoutError:
            logger.warning("usage recorder: final flush timed out; spooling what is left")
        self._closed = True  # from here on, record() writes straight to the spool
        await self._spool_rows(self._take(len(self._buffer)))
        await asyncio.to_thread(self._spool.release)
        if self._owns_engine:
            await self.engine.dispose()

    async def flush(self) -> bool:
        """Writes spooled, then queued rows now. False when the database is unavailable."""
        async with self._flush_lock:
            try:
                await self._drain_spool()
                await self._drain_buffer()
            except Exception as exc:
                self._on_failure(exc)
                return False
            self._on_success()
            return True

    async def _run(self) -> None:
        while not self._stopping:
            await self._wait_until_due()
            if self._stopping:
                return
            await self.flush()
            if len(self._buffer) > self.max_memory_rows:
                self._start_spill()

    async def _wait_until_due(self) -> None:
        """Waits for a full batch or the oldest row's deadline; during an outage, until
        the retry time; with nothing to write, until a row arrives."""
        while not self._stopping:
            timeout = self._time_to_due()
            if timeout is not None and timeout <= 0:
                return
            try:
                async with asyncio.timeout(timeout):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()

    def _time_to_due(self) -> float | None:
        """Seconds until the next flush is due (<= 0: now); None: nothing to write."""
        now = time.monotonic()
        if self.outage:
            return self._retry_at - asyncio.get_running_loop().time()
        if len(self._buffer) >= self.batch_size or self._claimed or self._spool_dirty:
            return 0.0
        if self._oldest_at is not None and self._buffer:
            return self._oldest_at + self.flush_interval - now
        return None

    async def _drain_spool(self) -> None:
        if self._spool_dirty:  # otherwise a thread hop and a file lookup per flush, for nothing
            # Cleared first: rows spooled while the claim runs set it again.
            self._spool_dirty = False
            try:
                own = await asyncio.to_thread(self._spool.claim_own)
            except BaseException:
                self._spool_dirty = True
                raise
            if own is not None:
                self._claimed[own] = 0
        for path in list(self._claimed):
            await self._drain_file(path)

    async def _drain_file(self, path: Path) -> None:
        """Writes a claimed file chunk by chunk; deletes it once every row is committed."""
        while True:
            offset = self._claimed[path]
            try:
                chunk = await asyncio.to_thread(
                    self._spool.read_chunk, path, offset, self.batch_size
                )
            except FileNotFoundError:
                del self._claimed[path]  # removed by hand, or reclaimed after a long stall
                return
            except OSError as exc:
                # Not the database's fault: keep the file for later, let the queue through.
                self._report_unreadable(path, exc)
                return
            if chunk.unreadable:
                self.stats.rows_dropped += chunk.unreadable
                logger.warning("usage spool: %d damaged line(s) skipped", chunk.unreadable)
            if chunk.records:
                await self._write(chunk.records)
            self._claimed[path] = chunk.next_offset
            if chunk.at_end:
                break
        await asyncio.to_thread(self._spool.remove, path)
        del self._claimed[path]

    def _report_unreadable(self, path: Path, exc: OSError) -> None:
        if path not in self._unreadable:
            self._unreadable.add(path)
            logger.error("usage spool %s cannot be read (%s); will retry", path, _describe(exc))

    async def _drain_buffer(self) -> None:
        # Only what is queued now: under steady load this still ends.
        pending = len(self._buffer)
        while pending > 0 and self._buffer:
            batch = self._take(min(self.batch_size, pending))
            pending -= len(batch)
            self._in_flight = len(batch)
            self._count_depth()
            try:
                await self._write(batch)
            except BaseException:
                self._buffer.extendleft(reversed(batch))
                self._oldest_at = self._oldest_at or time.monotonic()
                raise
            finally:
                self._in_flight = 0
                self._count_depth()

    async def _write(self, records: list[UsageRecord]) -> None:
        try:
            inserted = await self._write_batch(records)
        except _ROW_ERRORS:
            inserted = await self._write_one_by_one(records)
        self.stats.rows_written += inserted
        self.stats.rows_duplicate += len(records) - inserted

    async def _write_batch(self, records: list[UsageRecord]) -> int:
        """Writes the batch; once more on a new connection if its connection was dead
        (a database restart, say), since the writer's pool does not check before use.
        The write is idempotent, so a batch the dead connection did commit counts once."""
        try:
            return await repository.write_batch(self.engine, records)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        return await repository.write_batch(self.engine, records)

    async def _write_one_by_one(self, records: list[UsageRecord]) -> int:
        """Isolates the rows the database refuses, so one bad row cannot block the rest."""
        inserted = 0
        for rec in records:
            try:
                inserted += await repository.write_batch(self.engine, [rec])
            except _ROW_ERRORS:
                inserted += await self._write_detached(rec)
        return inserted

    async def _write_detached(self, rec: UsageRecord) -> int:
        # The provider config or the user may have been deleted since the call; the row
        # keeps their names, so it is still worth storing without the references.
        for variant in (
            replace(rec, provider_config_id=None),
            replace(rec, provider_config_id=None, user_id=None),
        ):
            try:
                return await repository.write_batch(self.engine, [variant])
            except _ROW_ERRORS as exc:
                refusal = exc
        self.stats.rows_dropped += 1
        logger.warning("usage recorder: the database refused a row (%s)", _describe(refusal))
        return 0

    def _on_failure(self, exc: Exception) -> None:
        self.stats.flush_failures += 1
        self._failures_in_a_row += 1
        if self._failures_in_a_row == 1:
            logger.warning(
                "usage recorder: database unavailable (%s); keeping rows and retrying",
                _describe(exc),
            )
        exponent = min(self._failures_in_a_row, 16)
        delay = min(self.max_backoff, self.flush_interval * 2**exponent)
        self._retry_at = asyncio.get_running_loop().time() + delay

    def _on_success(self) -> None:
        if self._failures_in_a_row:
            logger.info(
                "usage recorder: database back after %d failed flush(es)", self._failures_in_a_row
            )
        self._failures_in_a_row = 0
        self._retry_at = 0.0

    def _take(self, count: int) -> list[UsageRecord]:
        taken = [self._buffer.popleft() for _ in range(min(count, len(self._buffer)))]
        self._count_depth()
        # What is left waited as long as the batch taken: its deadline stays.
        if not self._buffer:
            self._oldest_at = None
        return taken

    def _count_depth(self) -> None:
        self.stats.queue_depth = len(self._buffer) + self._in_flight

    def _start_spill(self) -> None:
        if self._spill_task is None or self._spill_task.done():
            self._spill_task = asyncio.get_running_loop().create_task(self._spill())

    async def _spill(self) -> None:
        """Moves the oldest rows beyond `max_memory_rows` to the spool."""
        while len(self._buffer) > self.max_memory_rows:
            await self._spool_rows(self._take(len(self._buffer) - self.max_memory_rows))

    async def _spool_rows(self, rows: list[UsageRecord]) -> None:
        if rows:
            error = await asyncio.to_thread(self._append_to_spool, rows)
            self._count_spooled(rows, error)

    def _spool_now(self, rows: list[UsageRecord]) -> None:
        self._count_spooled(rows, self._append_to_spool(rows))

    def _append_to_spool(self, rows: list[UsageRecord]) -> Exception | None:
        try:
            self._spool.append(rows)
        except Exception as exc:  # a full disk, say; reported by the caller
            return exc
        finally:
            self._spool_dirty = True  # after the write, so that a claim in flight misses nothing
        return None

    def _count_spooled(self, rows: list[UsageRecord], error: Exception | None) -> None:
        if error is None:
            self.stats.rows_spooled += len(rows)
            return
        self.stats.rows_dropped += len(rows)
        logger.error(
            "usage recorder: spool write failed, %d row(s) lost (%s)", len(rows), _describe(error)
        )


def _describe(exc: BaseException) -> str:
    """The error's kinds without their messages, which may quote row values."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        driver_error = exc.orig.__cause__ or exc.orig
        return f"{type(exc).__name__}: {type(driver_error).__name__}"
    return type(exc).__name__
