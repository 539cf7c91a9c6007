"""Turning unsupported claims in a piece of free text into report issues."""

import re

from kazi.documents.evidence import Evidence, is_supported
from kazi.documents.facts import Claim, ClaimKind, extract_claims
from kazi.documents.index import PhraseIndex
from kazi.documents.lexicon import acronym_of, canonical
from kazi.documents.report import Issue, IssueKind
from kazi.documents.text import normalise
from kazi.documents.vocabulary import (
    GENERIC_NAME_WORDS,
    ORG_MARKERS,
    ORG_NAME_TAILS,
    PLACE_NAMES,
)

CLAIM_ISSUE: dict[ClaimKind, IssueKind] = {
    ClaimKind.YEAR: IssueKind.DATE_MISMATCH,
    ClaimKind.MONTH_YEAR: IssueKind.DATE_MISMATCH,
    ClaimKind.NUMBER: IssueKind.UNSUPPORTED_NUMBER,
    ClaimKind.EXPERIENCE: IssueKind.UNSUPPORTED_NUMBER,
    ClaimKind.ORGANISATION: IssueKind.UNKNOWN_EMPLOYER,
    ClaimKind.TITLE: IssueKind.UNKNOWN_TITLE,
    ClaimKind.DEGREE: IssueKind.UNKNOWN_DEGREE,
    ClaimKind.DEGREE_CLASS: IssueKind.UNKNOWN_DEGREE,
    ClaimKind.GRADE: IssueKind.UNKNOWN_DEGREE,
    ClaimKind.CERTIFICATION: IssueKind.UNKNOWN_CERTIFICATION,
    ClaimKind.LICENCE: IssueKind.UNKNOWN_CERTIFICATION,
    ClaimKind.SKILL: IssueKind.UNKNOWN_SKILL,
    ClaimKind.LANGUAGE: IssueKind.UNKNOWN_LANGUAGE,
    ClaimKind.AWARD: IssueKind.UNKNOWN_AWARD,
    ClaimKind.EMAIL: IssueKind.CONTACT_MISMATCH,
    ClaimKind.PHONE: IssueKind.CONTACT_MISMATCH,
    ClaimKind.URL: IssueKind.CONTACT_MISMATCH,
}

_DETAIL: dict[ClaimKind, str] = {
    ClaimKind.YEAR: "year not found in the profile's dates or text",
    ClaimKind.MONTH_YEAR: "month and year not found in the profile",
    ClaimKind.NUMBER: "figure not found in the profile, nor one it honestly rounds",
    ClaimKind.EXPERIENCE: "more years of experience than the profile's work dates add up to",
    ClaimKind.ORGANISATION: "organisation not named in the profile",
    ClaimKind.TITLE: "job title not held in the profile",
    ClaimKind.DEGREE: "qualification not in the profile's education",
    ClaimKind.DEGREE_CLASS: "degree class not in the profile's education",
    ClaimKind.GRADE: "grade not in the profile's education",
    ClaimKind.CERTIFICATION: "certification or professional body not in the profile",
    ClaimKind.LICENCE: "licence not in the profile",
    ClaimKind.SKILL: "skill not in the profile",
    ClaimKind.LANGUAGE: "language not in the profile",
    ClaimKind.AWARD: "award not mentioned in the profile",
    ClaimKind.EMAIL: "email address differs from the profile",
    ClaimKind.PHONE: "phone number differs from the profile",
    ClaimKind.URL: "link differs from the profile",
}
_SCOPED_DETAIL: dict[ClaimKind, str] = {
    ClaimKind.YEAR: "year not among this entry's dates in the profile",
    ClaimKind.MONTH_YEAR: "month and year not among this entry's dates in the profile",
    ClaimKind.NUMBER: "figure not in this entry's highlights in the profile",
}
# Words before the job's title that make it a claim to hold that title already.
_HELD_ROLE = re.compile(
    r"(?i:\b(?:i am|i'm|am|was|worked as|work as|working as|served as|employed as|currently"
    r"|previously|formerly)\s+(?:an?\s+|the\s+)?)$"
)
_NAME_RUN = re.compile(r"(?:[A-Z][\w&'’.-]*(?:'s|’s)?(?:\s+(?:of|and|&)\s+|\s+)?)+")


def issue_for(
    claim: Claim, path: str, kind: IssueKind | None = None, evidence: Evidence | None = None
) -> Issue:
    scope = evidence.scope if evidence is not None else None
    detail = _SCOPED_DETAIL.get(claim.kind) if scope else None
    return Issue(
        kind=kind or CLAIM_ISSUE[claim.kind],
        text=claim.text,
        detail=detail or _DETAIL[claim.kind],
        path=path,
        span=claim.span,
        entry=scope.entry if scope else "",
    )


def _employer_tokens(company: str) -> tuple[str, ...]:
    """How a letter may write the employer: its name, or its first word if that word is
    distinctive ("KCB" of "KCB Group", not "Kenya" of "Kenya Urban Roads Authority")."""
    core = canonical(company)
    first = core[0] if core else ""
    generic = first in PLACE_NAMES or first in ORG_NAME_TAILS or first in ORG_MARKERS
    generic = generic or first in GENERIC_NAME_WORDS or len(first) < 3
    return (" ".join(core),) if generic else (" ".join(core), first)


def _employer_spans(text: str, company: str) -> list[tuple[int, int]]:
    """Names that belong to the employer: "KCB Group Finance", "EABL's sales team"."""
    if not company:
        return []
    forms = _employer_tokens(company)
    spans: list[tuple[int, int]] = []
    for match in _NAME_RUN.finditer(text):
        run = match.group(0).strip()
        words = canonical(run)
        joined = f" {' '.join(words)} "
        first = run.split()[0].rstrip("'’s") if run else ""
        if any(f" {form} " in joined for form in forms) or acronym_of(first, canonical(company)):
            spans.append((match.start(), match.start() + len(match.group(0).rstrip())))
    return spans


def _title_spans(text: str, title: str) -> list[tuple[int, int]]:
    """The job's title where it names the job, not a role the user claims to hold."""
    if not title:
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(title) + r"(?!\w)", re.IGNORECASE)
    return [
        m.span()
        for m in pattern.finditer(text)
        if not _HELD_ROLE.search(text[max(0, m.start() - 24) : m.start()])
    ]


def mask_job_phrases(text: str, evidence: Evidence) -> str:
    """The job's company (and its departments) and title blanked out: naming them as the
    job claims nothing. The title stays when written as a role the user holds."""
    spans = _employer_spans(text, evidence.job_company) + _title_spans(text, evidence.job_title)
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def is_employer_name(name: str, evidence: Evidence) -> bool:
    """Whether `name` is the target employer (or part of it): never the user's to add."""
    if not evidence.job_company:
        return False
    return bool(_employer_spans(name, evidence.job_company)) or PhraseIndex.of(
        [evidence.job_company]
    ).names(name)


def _held_job_titles(text: str, title: str) -> list[Claim]:
    """The job's title written as a role the user holds ("I am currently a <title>")."""
    if not title:
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(title) + r"(?!\w)", re.IGNORECASE)
    return [
        Claim(ClaimKind.TITLE, m.group(0), normalise(m.group(0)), span=m.span())
        for m in pattern.finditer(text)
        if _HELD_ROLE.search(text[max(0, m.start() - 24) : m.start()])
    ]


def unsupported_claims(text: str, evidence: Evidence) -> list[Claim]:
    if normalise(text) in evidence.verbatim:
        return []  # copied from the profile word for word
    masked = mask_job_phrases(text, evidence)
    claims = extract_claims(masked, evidence.skill_terms)
    found = {c.key for c in claims if c.kind is ClaimKind.TITLE}
    claims += [c for c in _held_job_titles(text, evidence.job_title) if c.key not in found]
    return [c for c in claims if not is_supported(evidence, c)]


def check_prose(text: str | None, evidence: Evidence, path: str) -> list[Issue]:
    """Issues for every unsupported claim in a free-text field."""
    if not text or not text.strip():
        return []
    return [
        issue_for(claim, path, evidence=evidence) for claim in unsupported_claims(text, evidence)
    ]


def unique_issues(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str, str]] = set()
    result: list[Issue] = []
    for issue in issues:
        key = (issue.kind.value, issue.text, issue.path)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return result
