"""The edit plan: its schema for structured output, and how it is applied."""

from kazi.documents.cv import (
    CVEditPlan,
    HighlightChoice,
    WorkChoice,
    apply_edit_plan,
)
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile


def _plan(**changes: object) -> CVEditPlan:
    fields: dict[str, object] = {
        "summary": "",
        "work": [],
        "skills": [],
        "projects": [],
        "certificates": [],
        "education": [],
        "include_languages": False,
        "include_references": False,
    }
    fields.update(changes)
    return CVEditPlan.model_validate(fields)


def test_schema_is_strict_structured_output() -> None:
    schema = CVEditPlan.model_json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "summary",
        "work",
        "skills",
        "projects",
        "certificates",
        "education",
        "include_languages",
        "include_references",
    }
    highlight = schema["$defs"]["HighlightChoice"]
    assert highlight["required"] == ["index", "rephrased"]
    assert highlight["additionalProperties"] is False


def test_plan_selects_and_orders_profile_entries(amina: Profile, finance_job: JobData) -> None:
    plan = _plan(
        summary="Accountant.",
        work=[
            WorkChoice(index=1, highlights=[HighlightChoice(index=1, rephrased=None)]),
            WorkChoice(
                index=0,
                highlights=[
                    HighlightChoice(index=3, rephrased=None),
                    HighlightChoice(index=0, rephrased="Prepared IFRS statements for 14 branches"),
                ],
            ),
        ],
        skills=["excel", "Financial Reporting"],
        education=[0],
        certificates=[1],
        include_languages=True,
    )
    doc = apply_edit_plan(amina, finance_job, plan)
    assert [w.name for w in doc.work] == ["Deloitte East Africa", "KCB Bank Kenya Limited"]
    assert doc.work[0].highlights == [amina.work[1].highlights[1]]
    assert doc.work[1].highlights == [
        "Managed a KES 2.5M annual training budget",
        "Prepared IFRS statements for 14 branches",
    ]
    assert doc.work[1].start_date == "2019-03"
    assert doc.work[1].position == "Senior Accountant"
    assert [s.name for s in doc.skills] == ["Excel", "Financial Reporting"]
    assert doc.skills[0].level == "Advanced"
    assert [e.institution for e in doc.education] == ["University of Nairobi"]
    assert [c.name for c in doc.certificates] == ["ICPAK Membership"]
    assert [lang.language for lang in doc.languages] == ["English", "Kiswahili"]
    assert doc.references == []
    assert doc.basics.summary == "Accountant."
    assert doc.basics.email == amina.basics.email
    assert doc.meta.target_company == "Equity Bank"
    assert doc.meta.dropped_choices == []


def test_bad_choices_are_dropped_and_recorded(amina: Profile) -> None:
    plan = _plan(
        work=[
            WorkChoice(index=7, highlights=[]),
            WorkChoice(
                index=0,
                highlights=[
                    HighlightChoice(index=9, rephrased="Invented"),
                    HighlightChoice(index=2, rephrased=None),
                    HighlightChoice(index=2, rephrased=None),
                ],
            ),
            WorkChoice(index=0, highlights=[]),
        ],
        skills=["Blockchain", "IFRS", "Excel", "EXCEL"],
        projects=[0],
        education=[-1, 1],
    )
    doc = apply_edit_plan(amina, None, plan)
    assert [w.name for w in doc.work] == ["KCB Bank Kenya Limited"]
    assert doc.work[0].highlights == ["Supervised a team of 6 accounts assistants"]
    # A keyword of a profile skill may be listed as a skill of its own.
    assert [(s.name, s.level) for s in doc.skills] == [("IFRS", None), ("Excel", "Advanced")]
    assert doc.projects == []
    assert [e.institution for e in doc.education] == ["Alliance Girls High School"]
    dropped = {(d.path, d.value, d.reason) for d in doc.meta.dropped_choices}
    assert dropped == {
        ("work[0]", "7", "no work entry at this index in the profile"),
        ("work[2]", "0", "chosen twice"),
        ("work[1].highlights[0]", "9", "no work[1].highlights entry at this index in the profile"),
        ("work[1].highlights[2]", "2", "chosen twice"),
        ("skills[0]", "Blockchain", "not a skill in the profile"),
        ("skills[3]", "EXCEL", "chosen twice"),
        ("projects[0]", "0", "no projects entry at this index in the profile"),
        ("education[0]", "-1", "no education entry at this index in the profile"),
    }


def test_applied_cv_never_shares_objects_with_profile(amina: Profile) -> None:
    plan = _plan(work=[WorkChoice(index=0, highlights=[])], education=[0], include_references=True)
    doc = apply_edit_plan(amina, None, plan)
    doc.education[0].score = "First Class Honours"
    doc.references[0].name = "Someone Else"
    assert amina.education[0].score == "Second Class Honours (Upper Division)"
    assert amina.references[0].name == "Dr. Peter Kamau"
    assert len(amina.work[0].highlights) == 4
