"""The soak's faults: when they happen (spread over the run), how each is injected, and
the labelled windows (fault plus grace) the summary uses to tell errors inside faults
from errors outside them. Also the workers' memory, sampled around the faults.
"""

import asyncio
import os
import signal
import time
from dataclasses import dataclass, field

from soak_stack import (
    Scratch,
    admin_connection,
    rss_kb,
    set_vendor_mode,
    started_at,
    startups,
    worker_pids,
)

NAMES = {
    "429": "upstream 429 burst (Retry-After: 1)",
    "500": "upstream 500 burst",
    "database": "database connections killed",
    "SIGTERM": "worker SIGTERM, restart",
    "SIGKILL": "worker SIGKILL, restart",
}
RESTART_LIMIT_S = 120.0
TERMINATE_SQL = (
    "SELECT coalesce(sum(pg_terminate_backend(pid)::int), 0) FROM pg_stat_activity "
    "WHERE datname = $1 AND pid <> pg_backend_pid()"
)


@dataclass(frozen=True)
class Fault:
    kind: str  # a key of NAMES
    at_s: float  # from the start of the measured run
    length_s: float  # upstream and database faults; a killed worker lasts until replaced

    @property
    def name(self) -> str:
        return NAMES[self.kind]


@dataclass(frozen=True)
class Window:
    kind: str
    name: str
    start: float  # wall clock: the fault began
    end: float  # wall clock: the fault ended, plus the grace
    note: str


def plan(duration_s: float, sigkill: bool) -> list[Fault]:
    """The faults at fixed fractions of the run, apart enough for each to settle."""
    burst = 0.06 * duration_s
    outage = min(10.0, max(5.0, duration_s / 60))
    faults = [
        Fault("429", 0.12 * duration_s, burst),
        Fault("500", 0.30 * duration_s, burst),
        Fault("database", 0.48 * duration_s, outage),
        Fault("SIGTERM", 0.64 * duration_s, 0.0),
    ]
    if sigkill:
        faults.append(Fault("SIGKILL", 0.80 * duration_s, 0.0))
    return faults


@dataclass
class WorkerMemory:
    pid: int
    role: str
    start_kb: int = 0
    end_kb: int = 0
    note: str = ""


@dataclass
class Memory:
    """Each worker's RSS at the start (after its warm-up) and at its end."""

    warmup_s: float
    workers: dict[int, WorkerMemory] = field(default_factory=dict)
    _pending: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self, pid: int, role: str) -> None:
        self.workers[pid] = WorkerMemory(pid, role, rss_kb(pid))

    def start_after_warmup(self, pid: int, role: str) -> None:
        self.workers[pid] = WorkerMemory(pid, role)
        self._pending.append(asyncio.create_task(self._sample_later(pid)))

    def end(self, pid: int, note: str) -> None:
        worker = self.workers.setdefault(pid, WorkerMemory(pid, "unknown"))
        worker.end_kb, worker.note = rss_kb(pid), note

    def cancel_pending(self) -> None:
        for task in self._pending:
            task.cancel()

    async def _sample_later(self, pid: int) -> None:
        await asyncio.sleep(self.warmup_s)
        self.workers[pid].start_kb = rss_kb(pid)


@dataclass
class Injector:
    vendor_port: int
    scratch: Scratch
    supervisor: int
    memory: Memory
    grace_s: float
    began: float = 0.0  # wall clock of the measured run's start
    windows: list[Window] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    async def run(self, faults: list[Fault]) -> None:
        """Injects each fault at its time; `began` must be set first."""
        for fault in faults:
            await asyncio.sleep(max(0.0, self.began + fault.at_s - time.time()))
            start = time.time()
            print(f"  +{start - self.began:5.0f} s  {fault.name} ...", flush=True)
            note = await self._inject(fault)
            ended = time.time()
            self.windows.append(Window(fault.kind, fault.name, start, ended + self.grace_s, note))
            print(f"  +{ended - self.began:5.0f} s  {fault.name}: {note}", flush=True)

    async def _inject(self, fault: Fault) -> str:
        if fault.kind in ("429", "500"):
            return await self._upstream_burst(fault.kind, fault.length_s)
        if fault.kind == "database":
            return await self._database_outage(fault.length_s)
        return await self._kill_worker(signal.Signals[fault.kind])

    async def _upstream_burst(self, mode: str, seconds: float) -> str:
        await set_vendor_mode(self.vendor_port, mode)
        try:
            await asyncio.sleep(seconds)
        finally:
            await set_vendor_mode(self.vendor_port, "ok")
        return f"primary answered {mode} to every request for {seconds:.0f} s"

    async def _database_outage(self, seconds: float) -> str:
        """Refuses new connections to the scratch database and keeps terminating its
        backends, for `seconds`; the admin connection is to another database."""
        database = self.scratch.database
        admin = await admin_connection()
        killed = 0
        try:
            await admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            until = time.monotonic() + seconds
            while time.monotonic() < until:
                killed += await admin.fetchval(TERMINATE_SQL, database)
                await asyncio.sleep(0.5)
        finally:
            await admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
            await admin.close()
        return f"new connections refused, {killed} backends terminated over {seconds:.0f} s"

    async def _kill_worker(self, sig: signal.Signals) -> str:
        """Kills the oldest worker; uvicorn's supervisor notices and starts another."""
        before = worker_pids(self.supervisor)
        victim = min(before, key=started_at)
        self.memory.end(victim, f"{sig.name} at +{time.time() - self.began:.0f} s")
        ready_before = startups(self.scratch.log)
        clock = time.monotonic()
        os.kill(victim, sig)
        replacement = await self._replacement(before, ready_before)
        took = time.monotonic() - clock
        if replacement is None:
            self.problems.append(f"no worker replaced {victim} within {RESTART_LIMIT_S:.0f} s")
            return f"{sig.name} to worker {victim}: NOT replaced"
        self.memory.start_after_warmup(replacement, f"replaced {victim}")
        return (
            f"{sig.name} to worker {victim}; uvicorn's supervisor started worker {replacement},"
            f" serving {took:.1f} s after the signal"
        )

    async def _replacement(self, before: set[int], ready_before: int) -> int | None:
        """The new worker, once it has finished its start-up; None if none came."""
        until = time.monotonic() + RESTART_LIMIT_S
        while time.monotonic() < until:
            new = worker_pids(self.supervisor) - before
            if new and startups(self.scratch.log) > ready_before:
                return new.pop()
            await asyncio.sleep(0.1)
        return None
