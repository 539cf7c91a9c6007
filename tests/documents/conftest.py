"""Sample profiles and postings for the document tests, stored as JSON Resume files."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

DATA = Path(__file__).parent / "data"


def _profile(name: str) -> Profile:
    return Profile.model_validate_json((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _job(name: str) -> JobData:
    return JobData.model_validate(json.loads((DATA / "jobs.json").read_text())[name])


@pytest.fixture
def load_profile() -> Callable[[str], Profile]:
    return _profile


@pytest.fixture
def load_job() -> Callable[[str], JobData]:
    return _job


@pytest.fixture
def amina() -> Profile:
    """A Kenyan accountant: KCSE grade, degree class, CPA (K), ICPAK, +254 referees."""
    return _profile("amina")


@pytest.fixture
def brian() -> Profile:
    return _profile("brian")


@pytest.fixture
def finance_job() -> JobData:
    return _job("finance")


@pytest.fixture
def backend_job() -> JobData:
    return _job("backend")
