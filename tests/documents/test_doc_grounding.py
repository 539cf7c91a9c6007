"""Grounding on documents written the way Kenyan job seekers write them.

True claims rephrased (acronyms, abbreviations, endonyms, rounding) pass; invented
claims are caught wherever they sit: in prose, in plain-text layout, in an entry whose
dates or figures belong to another entry, under the job's own title.
"""

from datetime import date
from typing import Any

import pytest

from kazi.documents.cv import CVDocument
from kazi.documents.report import Issue, IssueKind, Severity, ValidationReport
from kazi.documents.validation import TextKind, validate_cv, validate_text
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

TODAY = date(2026, 12, 1)

PROFILE = Profile.model_validate(
    {
        "basics": {"name": "Baraka Mutua", "email": "baraka@example.com"},
        "work": [
            {
                "name": "Cellulant Kenya Limited",
                "position": "Software Engineer",
                "startDate": "2021-03",
                "highlights": [
                    "Built a settlement service that processes 2.3 million transactions a month",
                    "Moved 14 services to Kubernetes",
                ],
            },
            {
                "name": "Kenya Red Cross Society",
                "position": "Research and Development Officer",
                "startDate": "2019-01",
                "endDate": "2021-02",
                "highlights": ["Wrote 6 donor reports", "Ran monthly reconciliation of grants"],
            },
            {
                "name": "Kenya National Highways Authority",
                "position": "Assistant Resident Engineer",
                "startDate": "2018-06",
                "endDate": "2018-12",
            },
            {
                "name": "Andela",
                "position": "Software Developer (Intern)",
                "startDate": "2018-01",
                "endDate": "2018-03",
            },
        ],
        "education": [
            {
                "institution": "Jomo Kenyatta University of Agriculture and Technology",
                "studyType": "Bachelor of Science",
                "area": "Computer Science",
                "startDate": "2014",
                "endDate": "2018",
            },
            {
                "institution": "Strathmore University",
                "studyType": "Diploma",
                "area": "Procurement and Logistics Management",
                "endDate": "2013",
            },
        ],
        "skills": [{"name": "Python"}, {"name": "Kubernetes"}, {"name": "PostgreSQL"}],
        "certificates": [{"name": "AWS Certified Cloud Practitioner", "date": "2022"}],
        "languages": [{"language": "English"}, {"language": "Swahili"}],
    }
)
JOB = JobData(
    title="Senior Backend Engineer",
    company="Safaricom PLC",
    location="Nairobi",
    skills=["Python", "Kafka"],
)


def _text(text: str, kind: TextKind = TextKind.CV) -> ValidationReport:
    return validate_text(text, PROFILE, JOB, kind=kind, today=TODAY)


def _errors(report: ValidationReport) -> list[Issue]:
    return [i for i in report.issues if i.severity is Severity.ERROR]


def _flagged(report: ValidationReport) -> set[tuple[str, str]]:
    return {(i.kind.value, i.text) for i in _errors(report)}


# Each document states only what the profile says, in the words people use.
FAITHFUL = {
    "endonym": "# Baraka Mutua\n\n## Languages\nEnglish (fluent), Kiswahili (native)\n",
    "institution acronym": "# Baraka Mutua\n\n## Education\n**BSc Computer Science**, JKUAT "
    "(2014 – 2018)\n",
    "abbreviated qualification": "# Baraka Mutua\n\n## Education\n### Diploma in Procurement "
    "& Logistics Mgt — Strathmore University\n**Dip. Procurement & Logistics Mgt**, Strathmore "
    "(2013)\n",
    "skill synonyms and plurals": "# Baraka Mutua\n\n## Skills\nK8s, Postgres, Python\n\n"
    "## Work Experience\n### R&D Officer — KRCS\nJan 2019 – Feb 2021\n"
    "- Ran monthly reconciliations of grants\n",
    "ampersand title": "# Baraka Mutua\n\n## Work Experience\n### R&D Officer — Kenya Red Cross "
    "Society\nJan 2019 – Feb 2021\n",
    "honest rounding": "# Baraka Mutua\n\n## Work Experience\n### Software Engineer — Cellulant\n"
    "Mar 2021 – Present\n- Built a settlement service handling over 2 million transactions "
    "monthly\n- Moved 14 services to k8s\n",
    "duration from dates": "# Baraka Mutua\n\n## Summary\nEngineer with nearly 9 years of "
    "experience.\n",
    "kiswahili cv": "# Baraka Mutua\n\n## UZOEFU WA KAZI\n### Afisa — Kenya Red Cross Society\n"
    "Januari 2019 - Februari 2021\n\n## LUGHA\nKiswahili, Kiingereza\n",
    "bracketed title": "# Baraka Mutua\n\n## Work Experience\n### Software Developer (Intern) | "
    "Andela | Jan 2018 – Mar 2018\n",
    "skills after a cue, then a new sentence": "Dear Hiring Manager,\n\nI am skilled in Python "
    "and Kubernetes. Built a settlement service at Cellulant. My experience with PostgreSQL is "
    "practical.\n",
    "mixed-case acronym": "# Baraka Mutua\n\n## Work Experience\n### Asst. Resident Engineer — "
    "KeNHA\nJun 2018 – Dec 2018\n",
}


LETTER_FURNITURE = (
    "P.O. Box 12345-00100\nNairobi\n1st December 2026\n\nDear Sir/Madam,\n\nI refer to your "
    "advertisement of 20th November 2026. During COVID-19 I kept Cellulant's settlement "
    "service running, in line with Vision 2030.\n\nYours faithfully,\nBaraka Mutua\n"
)


def test_letter_addresses_dates_and_named_years_are_not_claims() -> None:
    assert _flagged(_text(LETTER_FURNITURE, TextKind.COVER_LETTER)) == set()


@pytest.mark.parametrize("name", sorted(FAITHFUL))
def test_faithful_rephrasing_is_not_flagged(name: str) -> None:
    assert _flagged(_text(FAITHFUL[name])) == set()


# Each document invents one thing; (kind, text) is the flag it must raise.
FABRICATED: dict[str, tuple[str, tuple[str, str]]] = {
    "language in prose": (
        "Dear Hiring Manager,\n\nI am also fluent in French.\n",
        ("unknown_language", "French"),
    ),
    "award": (
        "Dear Hiring Manager,\n\nIn 2022 I won the Huawei Seeds Prize.\n",
        ("unknown_award", "Huawei Seeds Prize"),
    ),
    "skill named after a cue": (
        "Dear Hiring Manager,\n\nI am skilled in Oracle SCM.\n",
        ("unknown_skill", "Oracle SCM"),
    ),
    "plain-text employer": (
        "BARAKA MUTUA\n\nWORK EXPERIENCE\nSoftware Engineer, Acme Traders    Mar 2021 - Present\n",
        ("unknown_employer", "Acme Traders"),
    ),
    "plain-text skills list": (
        "BARAKA MUTUA\n\nKey Skills:\nPython, Oracle SCM\n",
        ("unknown_skill", "Oracle SCM"),
    ),
    "start year moved to another entry's year": (
        "# Baraka Mutua\n\n## Work Experience\n### Research and Development Officer — Kenya Red "
        "Cross Society\n2014 – 2021\n",
        ("date_mismatch", "2014"),
    ),
    "job's title as a past role": (
        "# Baraka Mutua\n\n## Work Experience\n### Senior Backend Engineer — Cellulant\n"
        "Mar 2021 – Present\n",
        ("unknown_title", "Senior Backend Engineer"),
    ),
    "job's title claimed in a letter": (
        "Dear Hiring Manager,\n\nI already work as a Senior Backend Engineer at Cellulant.\n",
        ("unknown_title", "Senior Backend Engineer"),
    ),
    "junior word dropped from a title": (
        "# Baraka Mutua\n\n## Work Experience\n### Resident Engineer — KeNHA\n"
        "Jun 2018 – Dec 2018\n",
        ("unknown_title", "Resident Engineer"),
    ),
    "bracket dropped from a title": (
        "# Baraka Mutua\n\n## Work Experience\n### Software Developer | Andela | Jan 2018 – "
        "Mar 2018\n",
        ("unknown_title", "Software Developer"),
    ),
    "a reader's title as a role": (
        "# Baraka Mutua\n\n## Work Experience\n### HR Manager | Cellulant | Mar 2021 – Present\n",
        ("unknown_title", "HR Manager"),
    ),
    "another entry's figure": (
        "# Baraka Mutua\n\n## Work Experience\n### R&D Officer — Kenya Red Cross Society\n"
        "Jan 2019 – Feb 2021\n- Wrote 14 donor reports\n",
        ("unsupported_number", "14"),
    ),
    "rounding up": (
        "# Baraka Mutua\n\n## Work Experience\n### Software Engineer — Cellulant\n"
        "Mar 2021 – Present\n- Handled over 5 million transactions a month\n",
        ("unsupported_number", "5 million"),
    ),
    "certification sharing a prefix": (
        "# Baraka Mutua\n\n## Certifications\n- AWS Certified Solutions Architect (2022)\n",
        ("unknown_certification", "AWS Certified Solutions Architect"),
    ),
    "target employer as a past employer": (
        "# Baraka Mutua\n\n## Work Experience\n### Software Engineer — Safaricom PLC\n"
        "Mar 2021 – Present\n",
        ("unknown_employer", "Safaricom PLC"),
    ),
}


@pytest.mark.parametrize("name", sorted(FABRICATED))
def test_invented_claim_is_flagged(name: str) -> None:
    text, expected = FABRICATED[name]
    assert expected in _flagged(_text(text))


def test_employer_department_in_a_letter_is_not_a_claim() -> None:
    letter = (
        "Dear Hiring Manager,\n\nI am applying for the Senior Backend Engineer role at "
        "Safaricom PLC and would like to work with Safaricom M-PESA Technology. At Cellulant I "
        "moved 14 services to Kubernetes.\n\nYours sincerely,\nBaraka Mutua\n"
    )
    assert _flagged(_text(letter, TextKind.COVER_LETTER)) == set()


def test_each_flag_says_why_and_what_would_support_it() -> None:
    report = _text(FABRICATED["plain-text employer"][0])
    (issue,) = [i for i in _errors(report) if i.text == "Acme Traders"]
    assert issue.detail == "not named in the profile"
    assert issue.remedy == "a work entry for this employer in your profile"


def test_target_employer_is_never_something_to_add() -> None:
    report = _text(FABRICATED["target employer as a past employer"][0])
    (issue,) = [i for i in _errors(report) if i.text == "Safaricom PLC"]
    assert "employer you are applying to" in issue.remedy
    assert "add" not in issue.remedy.split()


def _resume(**changes: Any) -> CVDocument:
    data = PROFILE.to_json_resume()
    for path, value in changes.items():
        section, index, field = path.split("__")
        data[section][int(index)][field] = value  # type: ignore[index]
    return CVDocument.model_validate(data)


def test_json_resume_figures_belong_to_their_own_job() -> None:
    doc = _resume(work__1__highlights=["Wrote 14 donor reports"])
    report = validate_cv(doc, PROFILE, JOB, today=TODAY)
    (issue,) = _errors(report)
    assert (issue.kind, issue.text, issue.path) == (
        IssueKind.UNSUPPORTED_NUMBER,
        "14",
        "work[1].highlights[0]",
    )
    assert (issue.span, issue.entry) == ((6, 8), "work[1]")  # checked against that job only
    assert issue.detail == "figure not in this entry's highlights in the profile"


def test_json_resume_rephrased_but_true_passes() -> None:
    doc = _resume(
        work__0__highlights=["Built a settlement service handling over 2 million transactions"],
        work__1__position="R&D Officer",
        education__0__institution="JKUAT",
    )
    data = doc.model_dump(mode="json", by_alias=True)
    data["languages"] = [{"language": "Kiswahili"}, {"language": "English"}]
    data["skills"] = [{"name": "K8s"}, {"name": "Postgres"}]
    data["basics"]["label"] = "Software Engineer | Python, Kubernetes"
    report = validate_cv(CVDocument.model_validate(data), PROFILE, JOB, today=TODAY)
    assert _flagged(report) == set()


def test_json_resume_headline_with_the_jobs_title_is_flagged() -> None:
    data = PROFILE.to_json_resume()
    data["basics"]["label"] = "Senior Backend Engineer"  # type: ignore[index]
    report = validate_cv(CVDocument.model_validate(data), PROFILE, JOB, today=TODAY)
    assert _flagged(report) == {("unknown_title", "Senior Backend Engineer")}


def test_invented_duration_is_computed_from_dates() -> None:
    report = _text("# Baraka Mutua\n\n## Summary\nEngineer with 10 years of experience.\n")
    assert _flagged(report) == {("unsupported_number", "10 years")}
