"""Grounding benchmark: does validation catch every invented claim and flag no true one?

Reads bench/data/grounding/corpus.jsonl (written by make_corpus.py beside it), checks
every document against its own profile and job with no provider, and prints:
  - recall per fabrication class (a fabrication counts as caught when an error flag's
    text overlaps its labelled false part),
  - error flags on faithful documents, per document type,
  - p50/p95 validation time per document, and for a two-page Markdown CV: wall-clock
    time and the process's CPU time (the machine may be shared; CPU time is what the
    validation itself costs). One untimed validation first loads the lexicon and
    compiles the patterns, as a running server has done before its first request.

Run: .venv/bin/python bench/grounding.py [--verbose]
"""

import argparse
import json
import statistics
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from kazi.documents.checking import parse_resume
from kazi.documents.report import Issue, Severity, ValidationReport
from kazi.documents.text import normalise
from kazi.documents.validation import TextKind, validate_cv, validate_text
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

CORPUS = Path(__file__).parent / "data" / "grounding" / "corpus.jsonl"
TODAY = date(2026, 12, 1)
TWO_PAGE_WORDS = 900


def _validate(row: dict[str, Any], document: Any = None) -> ValidationReport:
    profile = Profile.model_validate(row["profile"])
    job = JobData.model_validate(row["job"])
    document = row["document"] if document is None else document
    if isinstance(document, dict):
        return validate_cv(parse_resume(document), profile, job, today=TODAY)
    kind = TextKind.CV if row["kind"] == "cv" else TextKind.COVER_LETTER
    return validate_text(document, profile, job, kind=kind, today=TODAY)


def _errors(report: ValidationReport) -> list[Issue]:
    return [i for i in report.issues if i.severity is Severity.ERROR]


def _caught(false: str, errors: list[Issue]) -> bool:
    want = normalise(false)
    return any(
        want in normalise(e.text) or (normalise(e.text) and normalise(e.text) in want)
        for e in errors
    )


def _padded_cv(row: dict[str, Any], words: int) -> str:
    """A faithful Markdown CV padded to `words` words with its own bullet lines repeated."""
    text: str = row["document"]
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    extra: list[str] = []
    while len((text + "\n".join(extra)).split()) < words:
        extra += bullets
    head, _, tail = text.partition("## Education")
    return head + "\n".join(extra) + "\n\n## Education" + tail


Sample = tuple[float, float]  # (wall ms, CPU ms)


def _percentiles(samples: list[Sample]) -> str:
    def line(values: list[float]) -> str:
        cuts = statistics.quantiles(values, n=20)
        return f"p50 {statistics.median(values):.1f} ms, p95 {cuts[18]:.1f} ms"

    wall, cpu = [w for w, _ in samples], [c for _, c in samples]
    return f"wall {line(wall)}; CPU {line(cpu)} (n={len(samples)})"


def _timed(row: dict[str, Any], document: Any = None) -> tuple[ValidationReport, Sample]:
    wall, cpu = time.perf_counter(), time.process_time()
    report = _validate(row, document)
    return report, ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and false flags")
    args = parser.parse_args()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    planted: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    faithful_docs: Counter[str] = Counter()
    false_flags: Counter[str] = Counter()
    flagged_docs: Counter[str] = Counter()
    times: list[Sample] = []
    notes: dict[str, list[str]] = defaultdict(list)
    _validate(rows[0])  # warm-up, untimed
    for row in rows:
        report, ms = _timed(row)
        times.append(ms)
        errors = _errors(report)
        if not row["fabrications"]:
            faithful_docs[row["format"]] += 1
            false_flags[row["format"]] += len(errors)
            flagged_docs[row["format"]] += bool(errors)
            notes["false"] += [f"{row['id']}: {e.kind.value} {e.text!r}" for e in errors]
        for fake in row["fabrications"]:
            planted[fake["class"]] += 1
            if _caught(fake["false"], errors):
                caught[fake["class"]] += 1
            else:
                notes["missed"].append(f"{row['id']}: {fake['false']!r}")
    print(f"documents: {len(rows)} ({sum(faithful_docs.values())} faithful)")
    print("recall per class:")
    for cls in sorted(planted):
        print(f"  {cls:14} {caught[cls]:3}/{planted[cls]:<3} {caught[cls] / planted[cls]:6.0%}")
    total = sum(planted.values())
    print(f"  {'all':14} {sum(caught.values()):3}/{total:<3} {sum(caught.values()) / total:6.0%}")
    print("error flags on faithful documents, per type:")
    for fmt in sorted(faithful_docs):
        print(
            f"  {fmt:10} {false_flags[fmt]:3} flags on {flagged_docs[fmt]} of "
            f"{faithful_docs[fmt]} documents"
        )
    print(f"validation time, every document: {_percentiles(times)}")
    two_page = [
        _timed(row, _padded_cv(row, TWO_PAGE_WORDS))[1]
        for row in rows
        for _ in range(5)
        if row["format"] == "md" and not row["fabrications"]
    ]
    print(f"validation time, two-page Markdown CV: {_percentiles(two_page)}")
    row = next(r for r in rows if r["format"] == "md" and not r["fabrications"])
    scaling = [
        (words, min(_timed(row, _padded_cv(row, words))[1][1] for _ in range(3)))
        for words in (TWO_PAGE_WORDS, 2 * TWO_PAGE_WORDS, 4 * TWO_PAGE_WORDS, 8 * TWO_PAGE_WORDS)
    ]
    print("CPU time by CV length: " + ", ".join(f"{w} words {ms:.0f} ms" for w, ms in scaling))
    if args.verbose:
        for label in ("missed", "false"):
            print(f"{label}:")
            print("\n".join(f"  {line}" for line in notes[label]))


if __name__ == "__main__":
    main()
