"""Reading a job's requirements into typed items and matching them to the profile."""

from collections.abc import Callable
from datetime import date

from kazi.documents.builtin.matching import match_requirements, total_years
from kazi.documents.builtin.requirements import Kind, Priority, read_line, read_requirements
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile

ProfileLoader = Callable[[str], Profile]
JobLoader = Callable[[str], JobData]


def kinds(line: str) -> list[tuple[Kind, Priority, tuple[str, ...], int]]:
    return [(r.kind, r.priority, r.options, r.level) for r in read_line(line)]


def test_lines_become_typed_items() -> None:
    must, nice = Priority.MUST, Priority.NICE
    assert kinds("Bachelor's degree in Accounting or Finance") == [
        (Kind.DEGREE, must, ("Accounting", "Finance"), 3)
    ]
    assert kinds("Diploma or degree in Nursing") == [(Kind.DEGREE, must, ("Nursing",), 2)]
    assert kinds("CPA (K) and membership of ICPAK") == [
        (Kind.CERTIFICATION, must, ("CPA (K)",), 0),
        (Kind.MEMBERSHIP, must, ("ICPAK",), 0),
    ]
    assert kinds("Minimum of five (5) years of experience") == [(Kind.YEARS, must, (), 5)]
    assert kinds("Must be registered with the Nursing Council of Kenya") == [
        (Kind.LICENCE, must, ("Nursing Council of Kenya",), 0)
    ]
    assert kinds("Fluency in Somali is an added advantage") == [
        (Kind.LANGUAGE, nice, ("Somali",), 0)
    ]
    assert kinds("Experience with AWS or GCP") == [(Kind.SKILL, must, ("AWS", "GCP"), 0)]
    assert kinds("Ability to work under pressure") == []
    assert kinds("3–5 years of relevant experience") == [(Kind.YEARS, must, (), 3)]
    assert kinds("Experience with PostgreSQL and Redis") == [
        (Kind.SKILL, must, ("PostgreSQL",), 0),
        (Kind.SKILL, must, ("Redis",), 0),
    ]
    assert kinds("Proficiency in MS Excel skills") == [(Kind.SKILL, must, ("MS Excel",), 0)]


def test_sentences_that_name_no_skill_stay_untyped() -> None:
    for line in (
        "Customer handling: confident",
        "Age: not important",
        "A proactive mindset and a detail-oriented approach",
        "Excellent communication and interpersonal skills",
    ):
        assert read_line(line) == [], line


def test_parts_of_one_line_keep_their_own_priority() -> None:
    items = read_requirements(JobData(requirements=["Valid BLS certification; ACLS preferred"]))
    assert [(r.kind, r.priority) for r in items] == [
        (Kind.CERTIFICATION, Priority.MUST),
        (Kind.CERTIFICATION, Priority.NICE),
    ]


def test_matches_carry_the_profile_words(load_profile: ProfileLoader, load_job: JobLoader) -> None:
    matches = match_requirements(load_profile("amina"), load_job("finance"), date(2026, 12, 4))
    found = {(m.requirement.kind, m.evidence) for m in matches}
    assert (Kind.DEGREE, "Bachelor of Commerce in Accounting") in found
    assert (Kind.CERTIFICATION, "CPA (K)") in found
    assert (Kind.MEMBERSHIP, "ICPAK Membership") in found
    assert (Kind.YEARS, "10 years") in found
    unmet = [m.requirement.options for m in matches if not m.met]
    assert unmet == [("SAP",)]


def test_a_higher_degree_meets_a_lower_one_but_not_a_wrong_field() -> None:
    profile = Profile.model_validate(
        {"education": [{"institution": "Moi University", "studyType": "BSc", "area": "Nursing"}]}
    )
    nursing = JobData(requirements=["Diploma in Nursing"])
    law = JobData(requirements=["Bachelor of Laws degree in Law"])
    assert [m.evidence for m in match_requirements(profile, nursing)] == ["BSc in Nursing"]
    assert [m.evidence for m in match_requirements(profile, law)] == [None]


def test_total_years_merges_overlaps_and_counts_to_today() -> None:
    profile = Profile.model_validate(
        {
            "work": [
                {"name": "A", "startDate": "2018-01", "endDate": "2021-01"},
                {"name": "B", "startDate": "2020-01", "endDate": "2022-07"},
                {"name": "C", "startDate": "2024-01"},
            ]
        }
    )
    assert total_years(profile, date(2026, 1, 1)) == 6  # 4.5 + 2 years, overlap once
