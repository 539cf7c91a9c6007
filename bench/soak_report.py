"""The soak's printed summary: load and answers, each fault window, error rates and
latency inside and outside the faults, usage rows expected against written, each
worker's memory, the server log's warnings, and one PASS/FAIL line per criterion.
"""

import csv
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway_parts import LoadResult
from soak_faults import Memory, Window
from soak_load import Outcome
from soak_stack import UsageRows

RSS_LIMIT_PCT = 10.0
KILL_MARGIN_S = 5.0  # rows a SIGKILL can take with it were answered this shortly before
_LOG_LINE = re.compile(rb"^\S+ \S+ (WARNING|ERROR|CRITICAL) (\S+) \[[^\]]*\] (.*)$", re.M)


@dataclass(frozen=True)
class Run:
    rate: float
    duration_s: float
    began: float  # wall clock
    outcomes: list[Outcome]  # the measured run
    unmeasured: list[Outcome]  # start-up probes and warm-up: they leave usage rows too
    windows: list[Window]
    memory: Memory
    problems: list[str]
    cpu: list[tuple[float, int, int]]  # (wall clock, busy ticks, total ticks) each second


def report(run: Run, stats: dict[str, Any], rows: UsageRows, log: Path) -> bool:
    """Prints everything; True when every criterion passes."""
    outside = [o for o in run.outcomes if not _inside(o, run.windows)]
    _print_load(run)
    _print_windows(run)
    errors_outside = _print_errors_and_latency(run, outside)
    lost, killed = _print_rows(run, stats, rows)
    growth = _print_memory(run.memory)
    _print_log(log)
    return _print_criteria(run, (lost, killed), growth, errors_outside, len(outside))


def write_csv(path: Path, run: Run) -> None:
    """One line per measured request: seconds from the start, latency, status, ..."""
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["start_s", "latency_ms", "status", "ok", "stream", "window"])
        for o in run.outcomes:
            window = next((w.kind for w in run.windows if _inside(o, [w])), "")
            start = f"{o.started - run.began:.3f}"
            writer.writerow(
                [start, f"{o.latency_ms:.1f}", o.status, int(o.ok), int(o.stream), window]
            )


def _busy(run: Run, start: float, end: float) -> str:
    """How busy the whole machine's CPUs were between two wall-clock times."""
    inside = [(busy, total) for at, busy, total in run.cpu if start <= at <= end]
    if len(inside) < 2 or inside[-1][1] == inside[0][1]:
        return "n/a"
    busy = (inside[-1][0] - inside[0][0]) / (inside[-1][1] - inside[0][1])
    return f"{100 * busy:.0f}%"


def _inside(outcome: Outcome, windows: list[Window]) -> bool:
    return any(outcome.started <= w.end and outcome.ended >= w.start for w in windows)


def _latency(outcomes: list[Outcome], wall_s: float) -> LoadResult:
    failures = sum(not o.ok for o in outcomes)
    return LoadResult([o.latency_ms for o in outcomes] or [0.0], wall_s, failures)


def _percentiles(result: LoadResult) -> str:
    p50, p95, p99 = (result.percentile(f) for f in (0.5, 0.95, 0.99))
    return f"p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f} ms"


def _statuses(outcomes: list[Outcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    parts = [f"{status or 'no answer'}: {n}" for status, n in sorted(counts.items())]
    broken = sum(o.status == 200 and not o.ok for o in outcomes)
    if broken:
        parts.append(f"(200 with a failed stream: {broken})")
    return ", ".join(parts)


def _print_load(run: Run) -> None:
    streams = sum(o.stream for o in run.outcomes)
    print(f"\nrequests sent: {len(run.outcomes)} in {run.duration_s:.0f} s at {run.rate:g} req/s")
    print(f"  ({streams} streamed, {len(run.outcomes) - streams} plain; open loop)")
    print(f"answered by status: {_statuses(run.outcomes)}")
    cores = os.cpu_count()
    busy = _busy(run, run.began, run.began + run.duration_s)
    print(f"machine CPU busy (all processes, {cores} cores, shared): {busy} over the run")


def _print_windows(run: Run) -> None:
    print("\nfault windows (fault + grace; requests overlapping the window):")
    for window in run.windows:
        hit = [o for o in run.outcomes if _inside(o, [window])]
        errors = sum(not o.ok for o in hit)
        span = f"+{window.start - run.began:4.0f} .. +{window.end - run.began:4.0f} s"
        busy = _busy(run, window.start, window.end)
        print(f"  {window.name:<38} {span}  requests {len(hit):5}  errors {errors:4}  CPU {busy}")
        if hit:
            print(f"  {'':38} {_percentiles(_latency(hit, 1.0))}  ({_statuses(hit)})")


def _print_errors_and_latency(run: Run, outside: list[Outcome]) -> int:
    inside = [o for o in run.outcomes if _inside(o, run.windows)]
    errors_in = sum(not o.ok for o in inside)
    errors_out = sum(not o.ok for o in outside)
    print(f"\nerrors inside faults:  {errors_in} of {len(inside)} ({_pct(errors_in, len(inside))})")
    print(
        f"errors outside faults: {errors_out} of {len(outside)} ({_pct(errors_out, len(outside))})"
    )
    if errors_out:
        print(f"  outside faults answered: {_statuses([o for o in outside if not o.ok])}")
    print(f"latency overall:        {_percentiles(_latency(run.outcomes, run.duration_s))}")
    print(f"latency outside faults: {_percentiles(_latency(outside, run.duration_s))}")
    return errors_out


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.3f}%" if whole else "n/a"


def _print_rows(run: Run, stats: dict[str, Any], rows: UsageRows) -> tuple[int, int]:
    """Rows expected (requests the upstreams received) against rows written; returns the
    rows lost, and how many of them a SIGKILL took with it."""
    primary, fallback = stats["primary"], stats["fallback"]
    expected = primary["received"] + fallback["received"]
    lost = int(expected) - rows.written
    print(
        f"\nusage rows expected: {expected} (upstream requests, warm-up included:"
        f" primary {primary['received']},"
        f" of which {primary['failed']} failed by injection; fallback {fallback['received']})"
    )
    print(f"usage rows written:  {rows.written} ({dict(sorted(rows.by_status.items()))})")
    spooled = f" (still in the disk spool: {rows.spooled})" if rows.spooled else ""
    print(f"usage rows lost:     {lost}{spooled}")
    served = {int(tag): float(at) for tag, at in stats["served"]}
    answered = sum(o.ok for o in run.outcomes + run.unmeasured)
    successes = rows.by_status.get("success", 0) - rows.disconnected
    print(
        f"success rows {successes} / upstream answers {len(served)} / complete answers to"
        f" clients {answered} (client-disconnected stream rows: {rows.disconnected})"
    )
    return lost, _check_tags(run, served, rows.tags)


def _check_tags(run: Run, served: dict[int, float], tags: list[int]) -> int:
    """Each answered upstream request must have exactly one success row; returns the
    missing ones answered just before a SIGKILL."""
    counts = Counter(tags)
    missing = [tag for tag in served if tag not in counts]
    doubled = sum(1 for tag, n in counts.items() if n > 1)
    unknown = sum(1 for tag in counts if tag not in served)
    kills = [w for w in run.windows if w.kind == "SIGKILL"]
    killed = sum(
        1 for tag in missing if any(w.start - KILL_MARGIN_S <= served[tag] <= w.end for w in kills)
    )
    print(
        f"answered upstream requests without a success row: {len(missing)};"
        f" with two or more: {doubled}; rows naming no upstream answer: {unknown}"
    )
    if kills:
        print(f"  of the missing, answered within {KILL_MARGIN_S:.0f} s of a SIGKILL: {killed}")
    return killed


def _print_memory(memory: Memory) -> list[float]:
    print("\nworker RSS (VmRSS), start after warm-up -> end:")
    growth: list[float] = []
    for worker in memory.workers.values():
        start, end = worker.start_kb / 1024, worker.end_kb / 1024
        change = "n/a"
        if worker.start_kb and worker.end_kb:
            growth.append(100 * (worker.end_kb - worker.start_kb) / worker.start_kb)
            change = f"{growth[-1]:+.1f}%"
        print(
            f"  worker {worker.pid:<8} {worker.role:<16} {start:7.1f} MB -> {end:7.1f} MB"
            f"  {change:>7}  ({worker.note})"
        )
    return growth


def _print_log(log: Path) -> None:
    try:
        text = log.read_bytes()
    except OSError:
        return
    found = Counter(
        (level.decode(), name.decode(), re.sub(rb"\d+", b"N", message).decode()[:110])
        for level, name, message in _LOG_LINE.findall(text)
    )
    print(f"\nserver log: {sum(found.values())} warnings and errors")
    for (level, name, message), count in found.most_common(10):
        print(f"  {count:6} {level:<7} {name}: {message}")


def _print_criteria(
    run: Run, lost: tuple[int, int], growth: list[float], errors_out: int, outside: int
) -> bool:
    total, killed = lost
    detail = f"{total - killed} lost" + (
        f" (and {killed} with the SIGKILLed worker)" if killed else ""
    )
    checks = [
        ("0 usage rows lost", total == killed, detail),
        (
            f"RSS growth < {RSS_LIMIT_PCT:.0f}% for every worker",
            bool(growth) and max(growth) < RSS_LIMIT_PCT,
            f"largest {max(growth):+.1f}%" if growth else "not measured",
        ),
        ("0 errors outside faults", errors_out == 0, f"{errors_out} of {outside}"),
        ("workers replaced, clean stop", not run.problems, "; ".join(run.problems) or "yes"),
    ]
    print()
    for name, passed, detail in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
    return all(passed for _, passed, _ in checks)
