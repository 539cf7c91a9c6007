"""Proving that a document states nothing the profile does not.

`validate_cv` compares a structured CV with the profile field by field;
`validate_text` checks Markdown or plain text (a cover letter, or a CV the user
pasted) claim by claim. Both return a `ValidationReport` whose `ok` is False as soon
as one fabrication is found, plus keyword coverage, missing sections and length.
No model is involved: the checks are code, so their verdict is reproducible.
"""

from datetime import date
from enum import StrEnum

from kazi.documents.checks import unique_issues
from kazi.documents.coverage import keyword_coverage
from kazi.documents.cv import CVDocument
from kazi.documents.cv_checks import check_cv_fields
from kazi.documents.evidence import Evidence, build_evidence
from kazi.documents.facts import EMAIL, PHONE
from kazi.documents.layout import looks_like_cv
from kazi.documents.outline import REQUIRED_CV_SECTIONS, check_markdown, missing_cv_sections
from kazi.documents.remedies import with_remedies
from kazi.documents.render import cv_to_markdown
from kazi.documents.report import Issue, IssueKind, Severity, ValidationReport
from kazi.documents.text import word_count
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

# Rough words per printed page for a one-column CV and for a letter.
CV_WORDS_PER_PAGE = 450
LETTER_WORDS_PER_PAGE = 400
MAX_CV_PAGES = 2.0
MAX_LETTER_WORDS = 450


class TextKind(StrEnum):
    CV = "cv"
    COVER_LETTER = "cover_letter"
    AUTO = "auto"  # a CV if the text has Markdown headings, otherwise a letter


def _length_warning(words: int, kind: TextKind) -> list[Issue]:
    if kind is TextKind.CV and words / CV_WORDS_PER_PAGE > MAX_CV_PAGES:
        detail = f"about {words / CV_WORDS_PER_PAGE:.1f} pages; two is the usual limit"
    elif kind is TextKind.COVER_LETTER and words > MAX_LETTER_WORDS:
        detail = f"{words} words; a letter should fit on one page"
    else:
        return []
    return [
        Issue(
            kind=IssueKind.TOO_LONG,
            severity=Severity.WARNING,
            text=f"{words} words",
            detail=detail,
        )
    ]


def _report(
    issues: list[Issue],
    evidence: Evidence,
    text: str,
    job: JobData | None,
    kind: TextKind,
    missing: list[str],
) -> ValidationReport:
    words = word_count(text)
    per_page = CV_WORDS_PER_PAGE if kind is TextKind.CV else LETTER_WORDS_PER_PAGE
    return ValidationReport(
        issues=with_remedies(unique_issues(issues), evidence) + _length_warning(words, kind),
        coverage=keyword_coverage(text, job),
        missing_sections=missing,
        word_count=words,
        pages_estimate=round(words / per_page, 1),
    )


def validate_cv(
    doc: CVDocument,
    profile: Profile,
    job: JobData | None,
    *,
    today: date | None = None,
    evidence: Evidence | None = None,
) -> ValidationReport:
    """Check a structured CV against the profile; coverage and length use its Markdown.

    `evidence` is the profile's index when the caller built it already (for this job)."""
    evidence = evidence or build_evidence(profile, job, today)
    issues = check_cv_fields(doc, profile, evidence)
    present = {
        "contact": bool(doc.basics.email or doc.basics.phone),
        "summary": bool(doc.basics.summary),
        "work": bool(doc.work),
        "education": bool(doc.education),
        "skills": bool(doc.skills),
    }
    missing = [name for name in REQUIRED_CV_SECTIONS if not present[name]]
    return _report(issues, evidence, cv_to_markdown(doc), job, TextKind.CV, missing)


def validate_text(
    text: str,
    profile: Profile,
    job: JobData | None,
    *,
    kind: TextKind = TextKind.AUTO,
    today: date | None = None,
    evidence: Evidence | None = None,
) -> ValidationReport:
    """Check Markdown or plain text (a letter, or a CV written as Markdown) claim by claim.

    The job's company (and its departments) and title may be named as the job, never as
    the user's own employer or role; everything else
    (employers, titles, dates, qualifications, numbers, skills, contacts) must be
    traceable to the profile. `evidence` is the profile's index when the caller built
    it already (for this job).
    """
    if kind is TextKind.AUTO:
        kind = TextKind.CV if looks_like_cv(text) else TextKind.COVER_LETTER
    evidence = evidence or build_evidence(profile, job, today)
    issues = check_markdown(text, evidence, profile.basics.name)
    missing: list[str] = []
    if kind is TextKind.CV:
        has_contact = EMAIL.search(text) is not None or PHONE.search(text) is not None
        missing = missing_cv_sections(text, has_contact)
    return _report(issues, evidence, text, job, kind, missing)
