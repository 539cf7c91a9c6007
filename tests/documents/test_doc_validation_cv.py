"""Fabrication checks on structured CVs, and stripping what they flag."""

from typing import Any

from kazi.documents.cv import (
    CVDocument,
    CVEditPlan,
    HighlightChoice,
    WorkChoice,
    apply_edit_plan,
)
from kazi.documents.report import IssueKind, Severity
from kazi.documents.strip import strip_fabrications
from kazi.documents.validation import validate_cv
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile


def _as_json(profile: Profile) -> dict[str, Any]:
    return profile.to_json_resume()


def _fabricated_cv(amina: Profile) -> CVDocument:
    """What a careless model might return: one of each kind of invention."""
    data = _as_json(amina)
    data["work"][0]["startDate"] = "2017-03"  # shifted: the profile says 2019-03
    data["work"][0]["highlights"][3] = "Managed a KES 25M annual training budget"  # was 2.5M
    data["work"].append(
        {
            "name": "Globex Corporation",
            "position": "Finance Manager",
            "startDate": "2013",
            "endDate": "2015",
            "highlights": ["Led budgeting"],
        }
    )
    data["education"][0]["studyType"] = "Master of Business Administration"
    data["education"].append({"institution": "Strathmore University", "studyType": "MBA"})
    data["skills"].append({"name": "SAP"})
    return CVDocument.model_validate(data)


def _kinds(report: Any) -> set[tuple[str, str, str]]:
    return {(i.kind.value, i.text, i.path) for i in report.issues}


def test_profile_copied_as_cv_has_no_issues(amina: Profile, finance_job: JobData) -> None:
    doc = CVDocument.model_validate(_as_json(amina))
    report = validate_cv(doc, amina, finance_job)
    assert report.issues == []
    assert report.ok is True
    assert report.missing_sections == []


def test_each_fabrication_is_flagged_with_its_kind(amina: Profile, finance_job: JobData) -> None:
    report = validate_cv(_fabricated_cv(amina), amina, finance_job)
    assert report.ok is False
    assert _kinds(report) == {
        ("date_mismatch", "2017-03", "work[0].startDate"),
        ("unsupported_number", "KES 25M", "work[0].highlights[3]"),
        ("unknown_employer", "Globex Corporation", "work[2]"),
        ("unknown_degree", "Master of Business Administration", "education[0].studyType"),
        ("unknown_degree", "Strathmore University", "education[2]"),
        ("unknown_skill", "SAP", "skills[4]"),
    }
    shifted = report.of_kind(IssueKind.DATE_MISMATCH)[0]
    assert shifted.expected == "2019-03"
    assert shifted.detail == "shifted date: the profile says 2019-03"
    assert all(i.severity is Severity.ERROR for i in report.issues)


def test_strip_fabrications_returns_a_clean_cv(amina: Profile, finance_job: JobData) -> None:
    doc = _fabricated_cv(amina)
    cleaned = strip_fabrications(doc, validate_cv(doc, amina, finance_job))
    assert [w.name for w in cleaned.work] == ["KCB Bank Kenya Limited", "Deloitte East Africa"]
    assert cleaned.work[0].start_date == "2019-03"
    assert cleaned.work[0].highlights == amina.work[0].highlights[:3]
    assert cleaned.education[0].study_type == "Bachelor of Commerce"
    assert [e.institution for e in cleaned.education] == [
        "University of Nairobi",
        "Alliance Girls High School",
    ]
    assert "SAP" not in [s.name for s in cleaned.skills]
    assert len(cleaned.meta.dropped_choices) == 6
    assert validate_cv(cleaned, amina, finance_job).issues == []


def test_rephrased_highlight_and_summary_are_checked(amina: Profile, finance_job: JobData) -> None:
    plan = CVEditPlan(
        summary="Senior Accountant at KCB Bank Kenya Limited. Holds an MBA from 2012. "
        "Skilled in IFRS and Excel.",
        work=[
            WorkChoice(
                index=0,
                highlights=[
                    HighlightChoice(index=0, rephrased="Produced IFRS statements for 40 branches"),
                    HighlightChoice(index=2, rephrased="Led a team of 6 accounts assistants"),
                ],
            )
        ],
        skills=["Excel"],
        projects=[],
        certificates=[0],
        education=[0, 1],
        include_languages=True,
        include_references=True,
    )
    doc = apply_edit_plan(amina, finance_job, plan)
    report = validate_cv(doc, amina, finance_job)
    assert _kinds(report) == {
        ("unsupported_number", "40", "work[0].highlights[0]"),
        ("unknown_degree", "MBA", "basics.summary"),
        ("date_mismatch", "2012", "basics.summary"),
    }
    cleaned = strip_fabrications(doc, report)
    assert cleaned.work[0].highlights == ["Led a team of 6 accounts assistants"]
    # Only the offending sentence of the summary goes.
    assert cleaned.basics.summary == (
        "Senior Accountant at KCB Bank Kenya Limited. Skilled in IFRS and Excel."
    )
    assert validate_cv(cleaned, amina, finance_job).ok


def test_changed_fields_of_known_entries_are_flagged(amina: Profile) -> None:
    data = _as_json(amina)
    data["basics"]["label"] = "Chief Financial Officer"
    data["basics"]["phone"] = "+254 700 000 000"
    data["work"][0]["position"] = "Finance Director"
    data["work"][1]["endDate"] = None  # would render as "Present"
    data["education"][0]["score"] = "First Class Honours"
    data["education"][1]["score"] = "A"
    data["skills"][1]["level"] = "Expert"
    data["certificates"][0]["date"] = "2015-06"
    data["languages"].append({"language": "French", "fluency": "Fluent"})
    data["references"].append({"name": "Jane Doe", "reference": "CFO, Acme"})
    report = validate_cv(CVDocument.model_validate(data), amina, None)
    assert _kinds(report) == {
        ("unknown_title", "Chief Financial Officer", "basics.label"),
        ("contact_mismatch", "+254 700 000 000", "basics.phone"),
        ("unknown_title", "Finance Director", "work[0].position"),
        ("date_mismatch", "Present", "work[1].endDate"),
        ("unknown_degree", "First Class Honours", "education[0].score"),
        ("unknown_degree", "A", "education[1].score"),
        ("unknown_skill", "Expert", "skills[1].level"),
        ("date_mismatch", "2015-06", "certificates[0].date"),
        ("unknown_language", "French", "languages[2]"),
        ("unknown_reference", "Jane Doe", "references[2]"),
    }
    cleaned = strip_fabrications(CVDocument.model_validate(data), report)
    assert cleaned.basics.label == "Certified Public Accountant"
    assert cleaned.basics.phone == "+254 712 345 678"
    assert cleaned.work[0].position == "Senior Accountant"
    assert cleaned.work[1].end_date == "2019-02"
    assert cleaned.education[1].score == "A-"
    assert cleaned.skills[1].level == "Intermediate"
    assert cleaned.certificates[0].date == "2017-06"
    assert [lang.language for lang in cleaned.languages] == ["English", "Kiswahili"]
    assert len(cleaned.references) == 2
    assert validate_cv(cleaned, amina, None).issues == []


def test_kenyan_conventions_kept_and_not_flagged(amina: Profile, finance_job: JobData) -> None:
    doc = CVDocument.model_validate(_as_json(amina))
    doc.basics.summary = (
        "CPA (K) and member of ICPAK with a Bachelor of Commerce, Second Class Honours "
        "(Upper Division), and KCSE mean grade A- in 2010. Reach me on 0712 345 678."
    )
    report = validate_cv(doc, amina, finance_job)
    assert report.issues == []
    assert doc.education[0].score == "Second Class Honours (Upper Division)"
    assert doc.references[0].reference == (
        "Senior Lecturer, University of Nairobi. Tel +254 722 111 222"
    )


def test_shortened_names_and_coarser_dates_are_not_fabrications(amina: Profile) -> None:
    data = _as_json(amina)
    data["work"][0]["name"] = "KCB Bank"
    data["work"][0]["startDate"] = "2019"
    data["education"][0]["startDate"] = None
    report = validate_cv(CVDocument.model_validate(data), amina, None)
    assert report.issues == []


def test_missing_sections_and_length(load_profile: Any) -> None:
    minimal = load_profile("minimal")
    report = validate_cv(CVDocument.model_validate(_as_json(minimal)), minimal, None)
    assert report.ok
    assert report.missing_sections == ["contact", "summary", "education", "skills"]
    # "Otieno", "Work Experience", "Jua Kali Workshop", "Repaired motorcycles"
    assert report.word_count == 8
    assert report.pages_estimate == 0.0


def test_advisory_remarks_never_change_ok(amina: Profile) -> None:
    report = validate_cv(CVDocument.model_validate(_as_json(amina)), amina, None)
    report.advisory.append("Consider quantifying the Deloitte highlights.")
    assert report.ok is True
    assert report.model_dump(by_alias=True)["advisory"] == [
        "Consider quantifying the Deloitte highlights."
    ]
