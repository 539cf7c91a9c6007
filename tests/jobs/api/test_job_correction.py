"""Correcting a saved job: PATCH /api/v1/jobs/{id}, provenance, ownership, documents."""

from typing import Any

import httpx2

from kazi.jobs.models import Job
from tests.documents.api.support import LETTER, profile_data, save_job
from tests.helpers import new_user

PASTED = {"title": "Senior Accountant", "description": "KCB Group PLC is hiring!"}


async def owner(client: httpx2.AsyncClient, app: Any, email: str) -> tuple[dict[str, str], int]:
    user_id, headers = await new_user(client, email)
    answer = await client.put("/api/v1/profile", json=profile_data("amina"), headers=headers)
    assert answer.status_code == 200, answer.text
    job_id = await save_job(app, user_id, dict(PASTED))
    async with app.state.sessions() as session, session.begin():
        job = await session.get(Job, job_id)
        assert job is not None
        job.provenance = {"title": "heuristic", "description": "heuristic"}
    return headers, job_id


async def test_correction_changes_fields_and_provenance(
    client: httpx2.AsyncClient, app: Any
) -> None:
    headers, job_id = await owner(client, app, "correct@example.com")
    body = {
        "company": "KCB Group PLC",
        "location": "Nairobi",
        "how_to_apply": {"email": "careers@example.com"},
    }
    answer = await client.patch(f"/api/v1/jobs/{job_id}", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    job = answer.json()["data"]
    assert (job["title"], job["company"], job["location"]) == (
        "Senior Accountant",
        "KCB Group PLC",
        "Nairobi",
    )
    assert job["how_to_apply"]["email"] == "careers@example.com"
    assert job["provenance"] == {
        "title": "heuristic",
        "description": "heuristic",
        "company": "user",
        "location": "user",
        "how_to_apply": "user",
    }
    listed = (await client.get("/api/v1/jobs", headers=headers)).json()["data"]["items"]
    assert listed[0]["company"] == "KCB Group PLC"
    cleared = await client.patch(f"/api/v1/jobs/{job_id}", json={"location": None}, headers=headers)
    assert cleared.json()["data"]["location"] is None
    assert cleared.json()["data"]["provenance"]["location"] == "user"


async def test_letter_and_cv_use_the_corrected_job(client: httpx2.AsyncClient, app: Any) -> None:
    headers, job_id = await owner(client, app, "flows@example.com")
    before = await client.post(LETTER, json={"job_id": job_id}, headers=headers)
    assert before.status_code == 201, before.text
    assert "at your organisation." in before.json()["data"]["markdown"]
    body = {"company": "KCB Group PLC", "location": "Nairobi", "title": "Finance Manager"}
    assert (await client.patch(f"/api/v1/jobs/{job_id}", json=body, headers=headers)).is_success
    letter = (await client.post(LETTER, json={"job_id": job_id}, headers=headers)).json()["data"]
    blocks = letter["markdown"].split("\n\n")
    assert blocks[2] == "The Hiring Manager\nKCB Group PLC\nNairobi"
    assert "**RE: APPLICATION FOR THE POSITION OF FINANCE MANAGER**" in blocks
    assert "your organisation" not in letter["markdown"]
    assert letter["title"] == "Cover letter - Finance Manager at KCB Group PLC"
    cv = await client.post("/api/v1/documents/cv", json={"job_id": job_id}, headers=headers)
    assert cv.json()["data"]["content"]["meta"]["targetCompany"] == "KCB Group PLC"


async def test_bad_corrections_are_refused(client: httpx2.AsyncClient, app: Any) -> None:
    headers, job_id = await owner(client, app, "refused@example.com")
    other_headers, _ = await owner(client, app, "other-owner@example.com")
    url = f"/api/v1/jobs/{job_id}"
    stranger = await client.patch(url, json={"company": "X"}, headers=other_headers)
    assert stranger.status_code == 404
    assert stranger.json()["error"]["message"] == "No such job."
    for body in ({}, {"employer": "X"}, {"salary": {"currency": "kes"}}, {"skills": "SQL"}):
        answer = await client.patch(url, json=body, headers=headers)
        assert answer.status_code == 422, (body, answer.text)
        assert "error" in answer.json()
    missing = await client.patch("/api/v1/jobs/999999", json={"company": "X"}, headers=headers)
    assert missing.status_code == 404
    unchanged = (await client.get(url, headers=headers)).json()["data"]
    assert unchanged["company"] is None
