"""Fabrication checks on Markdown and plain text: pasted CVs and cover letters."""

from decimal import Decimal
from typing import Any

import pytest

from kazi.documents.coverage import keyword_coverage
from kazi.documents.cv import CVDocument
from kazi.documents.facts import ClaimKind, extract_claims
from kazi.documents.render import cv_to_markdown
from kazi.documents.report import IssueKind, Severity
from kazi.documents.validation import TextKind, validate_text
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

FABRICATED_MARKDOWN_CV = """# Amina Wanjiku Otieno

amina.otieno@example.co.ke · +254 712 345 678

## Summary

Accountant with 15 years of experience.

## Work Experience

### Senior Accountant — KCB Bank Kenya Limited

Mar 2017 – Present

- Managed a KES 25M annual training budget
- Prepared monthly IFRS financial statements for 14 branches

### Finance Manager — Globex Corporation

2013 – 2015

## Education

### Master of Business Administration — University of Nairobi

## Skills

- Excel, SAP
"""


def _found(report: Any) -> set[tuple[str, str, str]]:
    return {(i.kind.value, i.text, i.path) for i in report.issues}


def test_markdown_cv_fabrications_are_flagged(amina: Profile, finance_job: JobData) -> None:
    report = validate_text(FABRICATED_MARKDOWN_CV, amina, finance_job)
    assert _found(report) == {
        ("unsupported_number", "15 years", "line 7"),
        ("date_mismatch", "Mar 2017", "line 13"),
        ("unsupported_number", "KES 25M", "line 15"),
        ("unknown_title", "Finance Manager", "line 18"),
        ("unknown_employer", "Globex Corporation", "line 18"),
        ("date_mismatch", "2013", "line 20"),
        ("unknown_degree", "Master of Business Administration", "line 24"),
        ("unknown_skill", "SAP", "line 28"),
    }
    assert report.ok is False
    assert report.missing_sections == []


def test_rendered_profile_validates_clean(load_profile: Any, load_job: Any) -> None:
    for name in ("amina", "brian", "faith", "minimal"):
        profile = load_profile(name)
        markdown = cv_to_markdown(CVDocument.model_validate(profile.to_json_resume()))
        for job in ("finance", "backend", "teacher", "bare"):
            report = validate_text(markdown, profile, load_job(job))
            assert report.issues == [], (name, job)


def test_cover_letter_may_name_the_job_but_not_invent(amina: Profile, finance_job: JobData) -> None:
    letter = (
        "Dear Hiring Manager,\n\n"
        "I am applying for the Finance Officer position at Equity Bank in Nairobi. "
        "As Senior Accountant at KCB Bank Kenya Limited I supervised a team of 6 and "
        "cut month-end close to 6 days. I worked at Globex Corporation in March 2014, "
        "managing a team of 40 and a KES 50M budget. I hold an MBA and I am ACCA "
        "qualified, with 12 years of experience using SAP.\n\n"
        "Call me on +254 799 999 999.\n\nYours sincerely,\nAmina Wanjiku Otieno\n"
    )
    report = validate_text(letter, amina, finance_job)
    assert {(i.kind.value, i.text) for i in report.issues} == {
        ("unknown_employer", "Globex Corporation"),
        ("date_mismatch", "March 2014"),
        ("unsupported_number", "40"),
        ("unsupported_number", "KES 50M"),
        ("unknown_degree", "MBA"),
        ("unknown_certification", "ACCA"),
        ("unsupported_number", "12 years"),
        ("unknown_skill", "SAP"),
        ("contact_mismatch", "+254 799 999 999"),
    }
    assert report.missing_sections == []  # letters have no sections to miss


def test_equivalent_numbers_and_kenyan_facts_pass(amina: Profile) -> None:
    letter = (
        "I managed a KSh 2,500,000 training budget across 14 branches and cut audit "
        "sampling errors by 30 percent. I am a CPA(K), a member of ICPAK, and hold a "
        "BCom in Accounting (Second Class Honours, Upper Division) from the University of "
        "Nairobi; KCSE mean grade A-. I have over 9 years of experience since 2016. "
        "Ninaweza kuwasiliana kwa Kiswahili. Simu: 0712 345 678."
    )
    report = validate_text(letter, amina, None, kind=TextKind.COVER_LETTER)
    assert report.issues == []


@pytest.mark.parametrize(
    ("text", "kind", "offending"),
    [
        ("I hold a PhD in Economics.", IssueKind.UNKNOWN_DEGREE, "PhD in Economics"),
        ("KCSE mean grade A plain.", IssueKind.UNKNOWN_DEGREE, "A"),
        ("Graduated with First Class Honours.", IssueKind.UNKNOWN_DEGREE, "First Class"),
        ("I am a member of LSK.", IssueKind.UNKNOWN_CERTIFICATION, "LSK"),
        ("Raised revenue by 45%.", IssueKind.UNSUPPORTED_NUMBER, "45%"),
        ("Managed a team of twenty people.", IssueKind.UNSUPPORTED_NUMBER, "twenty people"),
        ("In June 2019 I joined.", IssueKind.DATE_MISMATCH, "June 2019"),
        ("Worked as a chief accountant.", IssueKind.UNKNOWN_TITLE, "chief accountant"),
        ("Email amina@gmail.com today.", IssueKind.CONTACT_MISMATCH, "amina@gmail.com"),
        ("Worked with Python daily.", IssueKind.UNKNOWN_SKILL, "Python"),
    ],
)
def test_single_claims(amina: Profile, text: str, kind: IssueKind, offending: str) -> None:
    report = validate_text(text, amina, None)
    assert [(i.kind, i.text) for i in report.issues] == [(kind, offending)]


def test_no_false_positives_on_plain_letter_language(amina: Profile) -> None:
    letter = (
        "Dear Hiring Team,\n\nThank you for considering my application. I am a careful "
        "and reliable Accountant who enjoys working with others. Lead times matter to me, "
        "and I would welcome a conversation.\n\nKind regards,\nAmina"
    )
    assert validate_text(letter, amina, None).issues == []


def test_claim_extraction_normalises_values() -> None:
    claims = extract_claims("Grew sales 40% to KES 2.5M (2019-03) with 1,200 users; 3 years.")
    assert [(c.kind, c.text) for c in claims] == [
        (ClaimKind.MONTH_YEAR, "2019-03"),
        (ClaimKind.NUMBER, "KES 2.5M"),
        (ClaimKind.NUMBER, "40%"),
        (ClaimKind.EXPERIENCE, "3 years"),
        (ClaimKind.NUMBER, "1,200"),
    ]
    assert (claims[1].amount, claims[1].unit) == (Decimal("2500000"), "KES")
    assert (claims[2].amount, claims[2].unit) == (Decimal(40), "%")
    assert claims[4].amount == Decimal(1200)


def test_keyword_coverage_is_exact() -> None:
    job = JobData(skills=["Python", "SQL", "Docker"], requirements=["Experience with Kubernetes"])
    coverage = keyword_coverage("I use **Python** and docker daily.", job)
    assert coverage.keywords == ["Python", "SQL", "Docker", "Kubernetes"]
    assert coverage.covered == ["Python", "Docker"]
    assert coverage.missing == ["SQL", "Kubernetes"]
    assert coverage.ratio == 0.5


def test_coverage_counts_abbreviations_and_is_empty_without_a_job() -> None:
    job = JobData(requirements=["CPA (K) and a degree in Accounting"])
    coverage = keyword_coverage("Certified Public Accountant; BCom Accounting.", job)
    assert coverage.keywords == ["Accounting", "CPA"]
    assert coverage.covered == ["Accounting", "CPA"]
    assert keyword_coverage("anything", None).ratio == 1.0


def test_length_and_sections_of_a_text_cv(amina: Profile) -> None:
    long_cv = "# Amina Wanjiku Otieno\n\n## Work Experience\n\n" + "word " * 1000
    report = validate_text(long_cv, amina, None)
    assert report.missing_sections == ["contact", "summary", "education", "skills"]
    assert report.word_count == 1005
    assert report.pages_estimate == 2.2
    warnings = [i for i in report.issues if i.severity is Severity.WARNING]
    assert [(w.kind, w.text) for w in warnings] == [(IssueKind.TOO_LONG, "1005 words")]
    assert report.ok is True
