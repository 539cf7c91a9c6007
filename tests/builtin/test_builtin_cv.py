"""The offline CV engine: relevance ranking, determinism and clean validation."""

from collections.abc import Callable

import pytest

from kazi.builtin.cv import build_cv, plan_cv
from kazi.builtin.relevance import job_weights, rank
from kazi.documents.cv import apply_edit_plan
from kazi.documents.profile import Profile
from kazi.documents.render import cv_to_markdown
from kazi.documents.validation import validate_cv, validate_text
from kazi.jobs.posting import JobData

PROFILES = ("amina", "brian", "faith", "minimal")
JOBS = ("finance", "backend", "teacher", "bare")

ProfileLoader = Callable[[str], Profile]
JobLoader = Callable[[str], JobData]


@pytest.mark.parametrize("profile_name", PROFILES)
@pytest.mark.parametrize("job_name", JOBS)
def test_builtin_cv_passes_validation(
    load_profile: ProfileLoader, load_job: JobLoader, profile_name: str, job_name: str
) -> None:
    profile, job = load_profile(profile_name), load_job(job_name)
    doc = build_cv(profile, job)
    assert validate_cv(doc, profile, job).issues == []
    assert validate_text(cv_to_markdown(doc), profile, job).issues == []
    assert doc.meta.dropped_choices == []


@pytest.mark.parametrize("profile_name", PROFILES)
def test_builtin_cv_is_deterministic(
    load_profile: ProfileLoader, load_job: JobLoader, profile_name: str
) -> None:
    job = load_job("finance")
    first = build_cv(load_profile(profile_name), job)
    second = build_cv(load_profile(profile_name), job)
    assert first.model_dump_json() == second.model_dump_json()
    assert cv_to_markdown(first).encode() == cv_to_markdown(second).encode()


def test_builtin_cv_goes_through_apply_edit_plan(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    profile, job = load_profile("brian"), load_job("backend")
    plan = plan_cv(profile, job)
    assert build_cv(profile, job) == apply_edit_plan(profile, job, plan)


def test_ranking_puts_relevant_entries_first(
    load_profile: ProfileLoader, load_job: JobLoader
) -> None:
    profile = load_profile("brian")
    doc = build_cv(profile, load_job("backend"))
    # "Django REST APIs" shares Django, REST and APIs with the posting.
    assert doc.work[0].highlights[0] == "Built Django REST APIs serving 3 million requests a day"
    assert [s.name for s in doc.skills][:3] == ["Python", "PostgreSQL", "AWS"]
    assert [s.name for s in doc.skills][-1] == "React"
    assert doc.basics.summary == (
        "Backend Software Engineer with experience as Software Engineer at Safaricom PLC. "
        "Has also worked as Junior Developer at Andela. "
        "Skills include Python, PostgreSQL, AWS and Docker. "
        "Education: BSc in Computer Science, Jomo Kenyatta University of Agriculture and "
        "Technology. Certifications: AWS Certified Developer – Associate."
    )


def test_ties_keep_profile_order() -> None:
    weights = job_weights(JobData(skills=["Excel"]))
    assert rank(["alpha", "Excel sheets", "beta", "excel models"], weights) == [1, 3, 0, 2]
    assert rank(["a", "b", "c"], {}) == [0, 1, 2]


def test_minimal_profile_gives_a_minimal_cv(load_profile: ProfileLoader) -> None:
    doc = build_cv(load_profile("minimal"), None)
    assert doc.basics.summary is None
    assert [w.highlights for w in doc.work] == [["Repaired motorcycles"]]
