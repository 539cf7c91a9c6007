"""Time parse_posting (no model) on the large JSON-LD fixture page.

Usage: .venv/bin/python bench/extract_jsonld.py [RUNS]
Prints the page size, then median and p95 in milliseconds of wall time and of
this process's CPU time. CPU time is the steadier figure on a busy machine,
where wall time also counts waiting for a core. The target is a median of 20 ms.
"""

import gc
import statistics
import sys
import time
from pathlib import Path

from kazi.jobs.intake import parse_posting

PAGE = Path(__file__).resolve().parents[1] / "tests/fixtures/jobs/large_jsonld_page.html"
PAGE_URL = "https://board.example/listings/operations-manager-safari-freight-77x"
WARMUP_RUNS = 3
TARGET_MS = 20.0


def measure(html: str, runs: int) -> tuple[list[float], list[float]]:
    for _ in range(WARMUP_RUNS):
        parse_posting(html, PAGE_URL)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        gc.collect()
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        parse_posting(html, PAGE_URL)
        cpu.append((time.process_time() - cpu_start) * 1000)
        wall.append((time.perf_counter() - wall_start) * 1000)
    return sorted(wall), sorted(cpu)


def summary(label: str, timings: list[float]) -> str:
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return f"{label}: median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms"


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    html = PAGE.read_text(encoding="utf-8")
    wall, cpu = measure(html, runs)
    print(f"page: {PAGE.name}, {len(html.encode('utf-8')):,} bytes, {runs} runs")
    print(summary("wall", wall))
    print(summary("cpu ", cpu))
    print(f"target: median <= {TARGET_MS} ms")
    return 0 if statistics.median(cpu) <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
