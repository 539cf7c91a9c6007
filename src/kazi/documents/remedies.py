"""What would support each flagged claim: the last part of every flag.

A flag says what was claimed (its kind and text), why it is unsupported (its detail)
and, here, what would support it. A name that belongs to the employer applied to is
never something to add to the user's profile.
"""

from kazi.documents.checks import is_employer_name
from kazi.documents.evidence import Evidence
from kazi.documents.report import Issue, IssueKind, Severity

_REMEDY: dict[IssueKind, str] = {
    IssueKind.UNKNOWN_EMPLOYER: "a work entry for this employer in your profile",
    IssueKind.UNKNOWN_TITLE: "this title on the matching work entry of your profile",
    IssueKind.DATE_MISMATCH: "these dates on the matching entry of your profile",
    IssueKind.UNKNOWN_DEGREE: "this qualification and institution in your profile's education",
    IssueKind.UNKNOWN_CERTIFICATION: "this certificate or licence in your profile's certificates",
    IssueKind.UNSUPPORTED_NUMBER: (
        "this figure, or one it honestly rounds, in the matching entry of your profile "
        "(for years of experience: work dates that add up to it)"
    ),
    IssueKind.UNKNOWN_SKILL: "this skill in your profile's skills",
    IssueKind.UNKNOWN_LANGUAGE: "this language in your profile's languages",
    IssueKind.UNKNOWN_AWARD: "this award in your profile (a work highlight or your summary)",
    IssueKind.UNKNOWN_PROJECT: "this project in your profile's projects",
    IssueKind.UNKNOWN_REFERENCE: "this referee in your profile's references",
    IssueKind.CONTACT_MISMATCH: "this contact detail in your profile",
}
_EMPLOYER_REMEDY = (
    "nothing in your profile: this is the employer you are applying to; name it as the "
    "employer you want to join, not as your own employer or title"
)


def with_remedies(issues: list[Issue], evidence: Evidence) -> list[Issue]:
    out: list[Issue] = []
    for issue in issues:
        if issue.severity is not Severity.ERROR or issue.remedy:
            out.append(issue)
            continue
        remedy = _REMEDY.get(issue.kind, "")
        if issue.kind in (IssueKind.UNKNOWN_EMPLOYER, IssueKind.UNKNOWN_TITLE) and (
            is_employer_name(issue.text, evidence)
        ):
            remedy = _EMPLOYER_REMEDY
        out.append(issue.model_copy(update={"remedy": remedy}))
    return out
