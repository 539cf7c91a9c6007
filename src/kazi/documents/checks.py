"""Turning unsupported claims in a piece of free text into report issues."""

import re

from kazi.documents.evidence import Evidence, is_supported
from kazi.documents.facts import Claim, ClaimKind, extract_claims
from kazi.documents.report import Issue, IssueKind
from kazi.documents.text import normalise

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
    ClaimKind.SKILL: IssueKind.UNKNOWN_SKILL,
    ClaimKind.EMAIL: IssueKind.CONTACT_MISMATCH,
    ClaimKind.PHONE: IssueKind.CONTACT_MISMATCH,
    ClaimKind.URL: IssueKind.CONTACT_MISMATCH,
}

_DETAIL: dict[ClaimKind, str] = {
    ClaimKind.YEAR: "year not found in the profile's dates or text",
    ClaimKind.MONTH_YEAR: "month and year not found in the profile",
    ClaimKind.NUMBER: "number not found anywhere in the profile",
    ClaimKind.EXPERIENCE: "more years of experience than the profile's work history shows",
    ClaimKind.ORGANISATION: "organisation not named in the profile",
    ClaimKind.TITLE: "job title not held in the profile",
    ClaimKind.DEGREE: "qualification not in the profile's education",
    ClaimKind.DEGREE_CLASS: "degree class not in the profile's education",
    ClaimKind.GRADE: "grade not in the profile's education",
    ClaimKind.CERTIFICATION: "certification or professional body not in the profile",
    ClaimKind.SKILL: "skill not in the profile",
    ClaimKind.EMAIL: "email address differs from the profile",
    ClaimKind.PHONE: "phone number differs from the profile",
    ClaimKind.URL: "link differs from the profile",
}


def issue_for(claim: Claim, path: str, kind: IssueKind | None = None) -> Issue:
    return Issue(
        kind=kind or CLAIM_ISSUE[claim.kind],
        text=claim.text,
        detail=_DETAIL[claim.kind],
        path=path,
    )


def mask_job_phrases(text: str, phrases: tuple[str, ...]) -> str:
    """The job's own title, company and location blanked out: naming them claims nothing."""
    for phrase in phrases:
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def unsupported_claims(text: str, evidence: Evidence) -> list[Claim]:
    if normalise(text) in evidence.verbatim:
        return []  # copied from the profile word for word
    masked = mask_job_phrases(text, evidence.job_phrases)
    return [
        c for c in extract_claims(masked, evidence.skill_terms) if not is_supported(evidence, c)
    ]


def check_prose(text: str | None, evidence: Evidence, path: str) -> list[Issue]:
    """Issues for every unsupported claim in a free-text field."""
    if not text or not text.strip():
        return []
    return [issue_for(claim, path) for claim in unsupported_claims(text, evidence)]


def unique_issues(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str, str]] = set()
    result: list[Issue] = []
    for issue in issues:
        key = (issue.kind.value, issue.text, issue.path)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return result
