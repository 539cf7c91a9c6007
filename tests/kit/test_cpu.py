"""The CPU pool: work runs off the event loop and answers within its deadline."""

import asyncio
import os
import time

import pytest

from kazi.kit.cpu import CpuPool, PoolKind, WorkersBusy, WorkTooLong


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


async def test_process_pool_runs_work_in_another_process_and_kills_it_past_the_deadline() -> None:
    pool = CpuPool(PoolKind.PROCESS, workers=1, deadline_s=3.0)
    try:
        assert await pool.run(_pid_after, 0) != os.getpid()
        started = time.monotonic()
        with pytest.raises(WorkTooLong) as refused:
            await pool.run(_pid_after, 60)
        assert time.monotonic() - started < 10
        assert refused.value.status == 503
        # The killed worker was replaced: the pool still answers.
        assert await pool.run(_pid_after, 0) != os.getpid()
    finally:
        pool.close()


async def test_thread_pool_answers_503_at_the_deadline_and_when_full() -> None:
    pool = CpuPool(PoolKind.THREAD, workers=1, deadline_s=0.3)
    try:
        with pytest.raises(WorkTooLong):
            await pool.run(_pid_after, 1)
        waiting = [asyncio.ensure_future(pool.run(_pid_after, 0.5)) for _ in range(5)]
        await asyncio.sleep(0)
        with pytest.raises(WorkersBusy):
            await pool.run(_pid_after, 0)
        await asyncio.gather(*waiting, return_exceptions=True)
    finally:
        pool.close()
