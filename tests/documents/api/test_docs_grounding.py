"""The provider path under the grounding rules: a letter may name the employer's own
department; a CV's invented certification is stripped and reported."""

from typing import Any

import httpx2

from tests.documents.api.support import CV, LETTER, laid_out, openai_for, seeker
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply

DEPARTMENT_PROSE = {
    "opening": "I am applying for the Finance Officer position at Equity Bank, and I would be "
    "glad to work with Equity Bank Group Finance.",
    "proofs": [
        {
            "requirement": 0,
            "text": "As Senior Accountant at KCB Bank Kenya Limited I prepared monthly IFRS "
            "financial statements for 14 branches.",
        },
        {"requirement": 1, "text": "I supervised a team of 6 accounts assistants."},
    ],
    "closing": "I am available to start at once.",
}
# True except for the practising certificate: the profile has CPA (K) and ICPAK membership.
PLAN_WITH_INVENTED_CERTIFICATE = {
    "summary": "Certified Public Accountant with IFRS reporting experience. "
    "Holds a current ICPAK practising certificate.",
    "work": [{"index": 0, "highlights": [{"index": 0, "rephrased": None}]}],
    "skills": ["Excel", "Financial Reporting"],
    "projects": [],
    "certificates": [0, 1],
    "education": [0],
    "include_languages": True,
    "include_references": False,
}


async def _generated(
    client: httpx2.AsyncClient, app: Any, fleet: LiveFleet, route: str, reply: Reply
) -> dict[str, Any]:
    """What `route` returns when the scripted model answers `reply`."""
    task = "cover_letter" if route == LETTER else "cv_draft"
    user = await seeker(client, app, f"{task}-grounding@example.com")
    await openai_for(app, fleet, task)
    fleet.fakes.openai.script(reply)
    answer = await client.post(route, json={"job_id": user.job_id}, headers=user.headers)
    assert answer.status_code == 201, answer.text
    data: dict[str, Any] = answer.json()["data"]
    return data


async def test_letter_naming_the_employers_department_is_accepted(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    data = await _generated(client, app, fake_fleet, LETTER, Reply(parsed=DEPARTMENT_PROSE))
    assert data["markdown"] == laid_out(DEPARTMENT_PROSE)
    assert data["report"]["ok"] is True
    assert data["report"]["removed"] == []
    assert len(fake_fleet.fakes.openai.requests) == 1  # accepted first time, no redraft


async def test_invented_certification_is_stripped_and_reported(
    client: httpx2.AsyncClient, app: Any, fake_fleet: LiveFleet
) -> None:
    reply = Reply(parsed=PLAN_WITH_INVENTED_CERTIFICATE)
    data = await _generated(client, app, fake_fleet, CV, reply)
    removed = data["report"]["removed"]
    assert [(i["kind"], i["text"], i["path"]) for i in removed] == [
        ("unknown_certification", "ICPAK practising certificate", "basics.summary")
    ]
    assert removed[0]["remedy"] == "this certificate or licence in your profile's certificates"
    assert data["report"]["ok"] is True
    assert data["content"]["basics"]["summary"] == (
        "Certified Public Accountant with IFRS reporting experience."
    )
    assert "practising" not in data["markdown"]
    assert [c["name"] for c in data["content"]["certificates"]] == ["CPA (K)", "ICPAK Membership"]
