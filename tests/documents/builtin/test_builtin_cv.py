"""The offline CV engine: summary, impact ranking, grouped skills, Kiswahili, validation."""

import io
import re
from collections.abc import Callable
from datetime import date

import pytest
from pypdf import PdfReader

from kazi.documents.builtin.cv import build_cv, plan_cv
from kazi.documents.builtin.fitting import fit_to_pages
from kazi.documents.builtin.relevance import job_weights, rank, rank_by_value
from kazi.documents.cv import apply_edit_plan
from kazi.documents.export import cv_to_pdf
from kazi.documents.render import cv_to_markdown
from kazi.documents.validation import validate_cv, validate_text
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

PROFILES = ("amina", "brian", "faith", "minimal")
JOBS = ("finance", "backend", "teacher", "bare")
DAY = date(2026, 12, 4)

ProfileLoader = Callable[[str], Profile]
JobLoader = Callable[[str], JobData]

NURSE = Profile.model_validate(
    {
        "basics": {"name": "Grace Akinyi", "label": "Registered Nurse"},
        "work": [
            {
                "name": "Kisumu County Referral Hospital",
                "position": "Critical Care Nurse",
                "startDate": "2019-02",
                "highlights": [
                    "Kept patient records for the intensive care unit",
                    "Monitored patient vital signs on each shift",
                    "Cared for up to 12 patients per shift in the intensive care unit",
                ],
            }
        ],
        "skills": [
            {"name": "Tools", "keywords": ["Ventilators", "Infusion pumps"]},
            {"name": "Critical care"},
        ],
    }
)
ICU_JOB = JobData(
    title="ICU Nurse",
    requirements=["Experience caring for critically ill patients", "Accurate patient records"],
)


@pytest.mark.parametrize("profile_name", PROFILES)
@pytest.mark.parametrize("job_name", JOBS)
@pytest.mark.parametrize("language", ["en", "sw"])
def test_builtin_cv_passes_validation(
    load_profile: ProfileLoader,
    load_job: JobLoader,
    profile_name: str,
    job_name: str,
    language: str,
) -> None:
    profile, job = load_profile(profile_name), load_job(job_name)
    doc = build_cv(profile, job, language, DAY)
    assert validate_cv(doc, profile, job).issues == []
    assert validate_text(cv_to_markdown(doc), profile, job).issues == []
    assert doc.meta.dropped_choices == []


@pytest.mark.parametrize("profile_name", PROFILES)
def test_builtin_cv_is_deterministic(
    load_profile: ProfileLoader, load_job: JobLoader, profile_name: str
) -> None:
    job = load_job("finance")
    first = build_cv(load_profile(profile_name), job, today=DAY)
    second = build_cv(load_profile(profile_name), job, today=DAY)
    assert cv_to_markdown(first).encode() == cv_to_markdown(second).encode()


def test_builtin_cv_goes_through_apply_edit_plan(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    profile, job = load_profile("brian"), load_job("backend")
    plan = fit_to_pages(profile, job, plan_cv(profile, job, today=DAY))
    assert build_cv(profile, job, today=DAY) == apply_edit_plan(profile, job, plan)


def test_summary_has_years_result_and_must_haves(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    doc = build_cv(load_profile("amina"), load_job("finance"), today=DAY)
    summary = doc.basics.summary or ""
    assert len(re.findall(r"[.!?](?:\s|$)", summary)) in (2, 3)
    assert summary.startswith("Certified Public Accountant with 10 years of experience")
    assert "skilled in IFRS, QuickBooks and Financial Reporting" in summary
    assert "for 14 branches as Senior Accountant at KCB Bank Kenya Limited." in summary
    assert (
        "Holds a Bachelor of Commerce in Accounting from the University of Nairobi and CPA (K), "
        "and is a member of ICPAK." in summary
    )
    assert "SAP" not in summary


def test_years_are_computed_from_dates_without_double_counting() -> None:
    profile = Profile.model_validate(
        {
            "basics": {"name": "A", "label": "Analyst"},
            "work": [
                {
                    "name": "Acme",
                    "position": "Analyst",
                    "startDate": "2020-01",
                    "endDate": "2023-01",
                },
                {
                    "name": "Beta",
                    "position": "Analyst",
                    "startDate": "2021-01",
                    "endDate": "2022-01",
                },
            ],
        }
    )
    assert (build_cv(profile, None, today=DAY).basics.summary or "").startswith(
        "Analyst with 3 years of experience"
    )


def test_bullets_rank_impact_with_relevance() -> None:
    doc = build_cv(NURSE, ICU_JOB, today=DAY)
    highlights = doc.work[0].highlights
    assert highlights[0] == "Cared for up to 12 patients per shift in the intensive care unit"
    assert highlights[-1] != highlights[0]
    # Keyword count alone would have put the records line first.
    weights = job_weights(ICU_JOB)
    assert rank(NURSE.work[0].highlights, weights)[0] == 0
    assert rank_by_value(NURSE.work[0].highlights, weights)[0] == 2


def test_group_names_are_not_skills_in_the_summary(load_profile: ProfileLoader) -> None:
    summary = build_cv(NURSE, None, today=DAY).basics.summary or ""
    assert "Tools" not in summary
    assert "skilled in Ventilators, Infusion pumps and Critical care" in summary
    # "Python: Django, FastAPI" names a skill with its specifics, not a group heading.
    brian = build_cv(load_profile("brian"), None, today=DAY).basics.summary or ""
    assert "skilled in Python, PostgreSQL, AWS and React" in brian


def test_skills_are_grouped_on_lines(load_profile: ProfileLoader, load_job: JobLoader) -> None:
    markdown = cv_to_markdown(build_cv(load_profile("amina"), load_job("finance"), today=DAY))
    skills = markdown.split("## Skills\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert skills == [
        "- **Financial Reporting (Advanced):** IFRS, Consolidation",
        "- **Excel (Advanced):** Pivot tables, VBA",
        "- **Tax compliance:** KRA iTax, VAT",
        "- QuickBooks (Intermediate)",
    ]
    assert "- English (Fluent), Kiswahili (Native)" in markdown


def test_kenyan_conventions_are_kept(load_profile: ProfileLoader, load_job: JobLoader) -> None:
    markdown = cv_to_markdown(build_cv(load_profile("amina"), load_job("finance"), today=DAY))
    assert "### KCSE — Alliance Girls High School" in markdown
    assert "- CPA (K) — KASNEB, Jun 2017" in markdown
    assert "## Referees" in markdown


def test_swahili_cv_has_swahili_headings_and_dates(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    markdown = cv_to_markdown(build_cv(load_profile("amina"), load_job("finance"), "sw", DAY))
    headings = re.findall(r"^## (.+)$", markdown, re.M)
    assert headings == [
        "Muhtasari",
        "Uzoefu wa Kazi",
        "Elimu",
        "Vyeti na Uanachama",
        "Ujuzi",
        "Lugha",
        "Wadhamini",
    ]
    assert "Machi 2019 – Sasa · Nairobi" in markdown
    assert "Present" not in markdown
    assert "Mar 2019" not in markdown
    assert "mwenye uzoefu wa kazi wa miaka 10" in markdown


def test_ties_keep_profile_order() -> None:
    weights = job_weights(JobData(skills=["Excel"]))
    assert rank(["alpha", "Excel sheets", "beta", "excel models"], weights) == [1, 3, 0, 2]
    assert rank(["a", "b", "c"], {}) == [0, 1, 2]


def test_minimal_profile_gives_a_minimal_cv(load_profile: ProfileLoader) -> None:
    doc = build_cv(load_profile("minimal"), None, today=DAY)
    assert doc.basics.summary is None
    assert [w.highlights for w in doc.work] == [["Repaired motorcycles"]]


def test_a_long_history_stays_within_two_pages() -> None:
    work = [
        {
            "name": f"Employer {chr(65 + i)} Limited",
            "position": "Accountant",
            "startDate": f"{2024 - 2 * i}-01",
            "endDate": f"{2025 - 2 * i}-12",
            "highlights": [
                f"Prepared monthly management accounts for {i + 3} departments of the group",
                f"Reduced supplier payment delays by {10 + i}% across the procurement cycle",
                "Kept the fixed asset register up to date for the annual audit",
                f"Trained {i + 2} junior staff on the accounting system",
            ],
        }
        for i in range(15)
    ]
    profile = Profile.model_validate({"basics": {"name": "Long Career"}, "work": work})
    doc = build_cv(profile, JobData(title="Accountant"), today=DAY)
    pages = len(PdfReader(io.BytesIO(cv_to_pdf(doc))).pages)
    assert pages == 2
    assert len(doc.work) == 15  # every role stays, with fewer highlights
    assert [len(w.highlights) for w in doc.work][:2] == [4, 3]
    short = build_cv(NURSE, ICU_JOB, today=DAY)
    assert len(PdfReader(io.BytesIO(cv_to_pdf(short))).pages) == 1
