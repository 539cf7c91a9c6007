"""Can one user's largest admitted request freeze a worker? Probes /healthz meanwhile.

Usage: .venv/bin/python bench/abuse.py [--cpu-pool process|thread] [--rounds N]
       [--baseline-s S]

Starts one `kazi serve` worker (production settings, SQLite in a scratch folder) as a
subprocess, registers a user, saves the largest profile the limits admit, saves a job
from pasted text, then sends, N rounds each: the profile as the JSON Resume `document`
of /documents/validate, and /documents/cv (the built-in engine: no provider is set up).
A second client polls GET /healthz every 50 ms the whole time. Prints each abusive
request's time and status, and the probe's worst, p99 and median latency; the target
for the worst is 100 ms. The probe first runs against the idle worker (--baseline-s),
to show what the machine's own load costs it. Everything it started is stopped at the end.
"""

import argparse
import asyncio
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2

from kazi.kit.limits import DOCUMENT_JSON_MAX_CHARS, PROFILE_MAX_CHARS, json_size

VENV_BIN = Path(sys.executable).parent
TARGET_MS = 100.0
PROBE_EVERY_S = 0.05
PASSWORD = "bench password 1234"
VALIDATE = "/api/v1/documents/validate"
CV = "/api/v1/documents/cv"
SKILLS = [
    "IFRS reporting", "tax compliance", "audit", "budgeting", "Excel", "SQL", "Python",
    "payroll", "treasury", "risk management", "forecasting", "Sage", "QuickBooks", "SAP",
]  # fmt: skip
JOB_TEXT = (
    "Finance Officer - Equity Bank, Nairobi. We need an accountant with IFRS reporting, "
    "tax compliance, audit, budgeting, Excel, SQL, payroll and treasury experience. "
    "Requirements: CPA (K), 5 years of experience, a degree in commerce or finance."
)


def largest_profile(limit: int) -> dict[str, Any]:
    """A profile at the size limit, shaped to cost validation the most: about half of it
    many short skill keywords (each one is looked up in all the profile's text), the
    rest work entries full of text."""
    profile: dict[str, Any] = {
        "basics": {"name": "Amina Wanjiku Otieno", "email": "amina@example.com"},
        "skills": [],
        "work": [],
    }
    keywords = (f"skill{n}" for n in range(1_000_000))
    while json_size(profile) < limit // 2 and len(profile["skills"]) < 200:
        name = SKILLS[len(profile["skills"]) % len(SKILLS)]
        profile["skills"].append({"name": name, "keywords": [next(keywords) for _ in range(40)]})
    for index in range(100):  # the work entry limit
        entry = _work_entry(index)
        if json_size({**profile, "work": [*profile["work"], entry]}) > limit:
            break
        profile["work"].append(entry)
    return profile


def _work_entry(index: int) -> dict[str, Any]:
    highlights = [
        f"Led {SKILLS[(index + h) % len(SKILLS)]} work for {h + 12} branches in year {h}, "
        f"cutting close time by {h + 3} days and reporting to the board of company {index}."
        for h in range(12)
    ]
    return {
        "name": f"Company {index} Limited",
        "position": "Senior Accountant",
        "startDate": f"{2000 + index % 20}-01",
        "endDate": f"{2001 + index % 20}-12",
        "summary": " ".join(highlights[:3]),
        "highlights": highlights,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_worker(work: Path, port: int, pool: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KAZI_ENV": "production",
        "KAZI_SECRET_KEY": secrets.token_urlsafe(48),
        "KAZI_DATA_DIR": str(work),
        "KAZI_PORT": str(port),
        "KAZI_WORKERS": "1",
        "KAZI_CPU_POOL": pool,
        "KAZI_RATE_LIMITS_ENABLED": "false",
    }
    log = (work / "kazi.log").open("wb")
    command = [str(VENV_BIN / "kazi"), "serve"]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


async def wait_until_up(http: httpx2.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("kazi serve exited; see its log")
        try:
            if (await http.get("/healthz")).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("kazi serve did not answer within 60 s")


def probe(base: str, stop: Any, latencies: Any) -> None:
    """The second client, in a process of its own (the abusive client's JSON work must not
    delay it): GET /healthz every 50 ms until `stop` is set; latencies go in the list."""

    async def run() -> None:
        async with httpx2.AsyncClient(base_url=base, timeout=600) as http:
            while not stop.is_set():
                started = time.perf_counter()
                answer = await http.get("/healthz")
                latencies.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200
                await asyncio.sleep(max(0.0, PROBE_EVERY_S - (time.perf_counter() - started)))

    asyncio.run(run())


async def sign_in(http: httpx2.AsyncClient) -> dict[str, str]:
    account = {"email": "abuser@example.com", "password": PASSWORD}
    (await http.post("/api/v1/auth/register", json=account)).raise_for_status()
    answer = await http.post("/api/v1/auth/login", json=account)
    return {"Authorization": f"Bearer {answer.json()['data']['access_token']}"}


async def timed(http: httpx2.AsyncClient, label: str, path: str, body: Any, headers: Any) -> None:
    started = time.perf_counter()
    answer = await http.post(path, json=body, headers=headers)
    seconds = time.perf_counter() - started
    outcome = answer.json().get("error", {}).get("code", "") if answer.status_code >= 400 else ""
    print(f"  {label:<34} {answer.status_code} {outcome:<16} {seconds:8.2f} s")


async def prepare(http: httpx2.AsyncClient) -> tuple[dict[str, str], dict[str, Any], int]:
    """A signed-in user with the largest profile saved and one job; their headers,
    profile and job id."""
    headers = await sign_in(http)
    profile = largest_profile(min(PROFILE_MAX_CHARS, DOCUMENT_JSON_MAX_CHARS))
    keywords = sum(len(skill["keywords"]) for skill in profile["skills"])
    print(
        f"profile: {json_size(profile)} characters of JSON, {len(profile['work'])} work "
        f"entries, {keywords} skill keywords"
    )
    put = await http.put("/api/v1/profile", json=profile, headers=headers)
    assert put.status_code == 200, put.text
    job = await http.post("/api/v1/jobs/extract", json={"text": JOB_TEXT}, headers=headers)
    assert job.status_code == 200, job.text
    return headers, profile, int(job.json()["data"]["job"]["id"])


@contextmanager
def probing(base: str) -> Iterator[list[float]]:
    """The probe process runs inside the block; the list holds its latencies after it."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        stop, shared = manager.Event(), manager.list()
        prober = context.Process(target=probe, args=(base, stop, shared))
        prober.start()
        found: list[float] = []
        try:
            yield found
        finally:
            stop.set()
            prober.join()
            found.extend(shared)


async def abuse(base: str, rounds: int) -> list[float]:
    async with httpx2.AsyncClient(base_url=base, timeout=600) as http:
        headers, profile, job_id = await prepare(http)
        with probing(base) as latencies:
            await asyncio.sleep(0.5)  # a few quiet probes first
            for _ in range(rounds):
                body = {"document": profile, "job_id": job_id}
                await timed(http, "POST /documents/validate (object)", VALIDATE, body, headers)
                await timed(http, "POST /documents/cv (built-in)", CV, {"job_id": job_id}, headers)
        return latencies


def report(label: str, latencies: list[float], *, target: bool) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    worst = ordered[-1]
    verdict = (
        f" (target: worst <= {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'})"
    )
    print(
        f"/healthz probe, {label}: {len(ordered)} answers, worst {worst:.1f} ms, "
        f"p99 {p99:.1f} ms, median {statistics.median(ordered):.1f} ms{verdict if target else ''}"
    )


def baseline(base: str, seconds: float) -> None:
    """The probe against the idle worker: what this machine's load alone costs it."""
    with probing(base) as latencies:
        time.sleep(seconds)
    report(f"idle worker, {seconds:.0f} s", latencies, target=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cpu-pool", choices=("process", "thread"), default="process")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline-s", type=float, default=10, help="idle probing first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kazi-abuse-") as folder:
        work = Path(folder)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        process = start_worker(work, port, args.cpu_pool)
        try:
            print(f"one worker, KAZI_CPU_POOL={args.cpu_pool}, {args.rounds} round(s)")
            asyncio.run(_wait(base, process))
            print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            if args.baseline_s > 0:
                baseline(base, args.baseline_s)
            report(
                "during the abusive requests", asyncio.run(abuse(base, args.rounds)), target=True
            )
        finally:
            process.terminate()
            process.wait(timeout=30)
    return 0


async def _wait(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx2.AsyncClient(base_url=base, timeout=5) as http:
        await wait_until_up(http, process)


if __name__ == "__main__":
    sys.exit(main())
