"""CPU-heavy work off the event loop: a small bounded pool with a deadline per call.

Validation, the built-in engine, PDF and DOCX rendering and large-page parsing run
here, so that one large request cannot stall every other request of the worker (its
health check included). In "process" mode (the default) the work runs in separate
processes (forked from a fork server, at a lower priority than the serving process):
the event loop keeps the GIL, and a call past its deadline has its process killed and
replaced. "thread" mode (tests, small installs) keeps the work in this
process; a call past its deadline is answered 503 but runs on to its end.

Functions sent to a process pool must be importable module-level functions whose
arguments and results pickle (pydantic models do).
"""

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from kazi.kit.errors import ServiceUnavailable

logger = logging.getLogger(__name__)
T = TypeVar("T")
# Calls waiting for a worker, per worker, before new ones are refused at once.
QUEUE_PER_WORKER = 4


# How much lower the pool's processes are scheduled than the one serving requests.
WORKER_NICENESS = 10


class PoolKind(StrEnum):
    PROCESS = "process"
    THREAD = "thread"


class WorkTooLong(ServiceUnavailable):
    code = "work_deadline"
    message = "The request needed more time than allowed. Try again with less content."


class WorkersBusy(ServiceUnavailable):
    code = "workers_busy"
    message = "The server is busy with other documents. Try again in a few seconds."

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "5"})


class CpuPool:
    """At most `workers` calls run at once; each one answers within `deadline_s`."""

    def __init__(
        self, kind: PoolKind, workers: int, deadline_s: float, preload: Sequence[str] = ()
    ) -> None:
        self.kind = kind
        self.workers = workers
        self.deadline_s = deadline_s
        self.preload = list(preload)
        self._pending = 0
        self._processes: ProcessPool | None = None
        self._threads: ThreadPoolExecutor | None = None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """function(*args) in the pool; 503 when the pool is full or the deadline passes."""
        if self._pending >= self.workers * (1 + QUEUE_PER_WORKER):
            raise WorkersBusy
        self._pending += 1
        future = self._submit(function, args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.deadline_s)
        except TimeoutError:
            future.cancel()  # a process pool kills the worker running it
            logger.warning("%s passed its %.0f s deadline", function.__name__, self.deadline_s)
            raise WorkTooLong from None
        except ProcessExpired:
            logger.warning("a worker process died while running %s", function.__name__)
            raise WorkTooLong from None
        finally:
            self._pending -= 1

    def _submit(self, function: Callable[..., T], args: tuple[Any, ...]) -> "Future[T]":
        if self.kind is PoolKind.PROCESS:
            if self._processes is None:  # started on first use: most processes never need it
                self._processes = ProcessPool(
                    max_workers=self.workers,
                    initializer=_yield_to_requests,
                    context=_forkserver(self.preload),
                )
            return self._processes.schedule(function, args=args, timeout=self.deadline_s)
        if self._threads is None:
            self._threads = ThreadPoolExecutor(self.workers, thread_name_prefix="kazi-cpu")
        return self._threads.submit(function, *args)

    def close(self) -> None:
        if self._processes is not None:
            self._processes.stop()  # type: ignore[no-untyped-call]
            self._processes.join(timeout=5)
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)


def _forkserver(preload: list[str]) -> Any:
    """Workers forked from a fork server that imported `preload` once: a worker killed at
    its deadline is replaced in milliseconds, not by a new interpreter importing Kazi
    (over a second of CPU, at full priority, beside the requests). Never a fork of
    this process, whose event loop and threads a child must not inherit."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    return context


def _yield_to_requests() -> None:
    """Runs in each new worker process: on a busy machine, the serving process (and so
    every other request) gets the CPU before the heavy work does."""
    os.nice(WORKER_NICENESS)
