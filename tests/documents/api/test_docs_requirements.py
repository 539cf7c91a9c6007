"""Typed requirements in document reports and prompts; Kiswahili CVs; letters re-checked."""

import json
from typing import Any

import httpx2

from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.generation import JOB_START, cv_prompt, letter_prompt
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Profile
from tests.documents.api.support import CV, LETTER, job_data, profile_data, seeker


async def test_reports_list_met_and_unmet_requirements(
    client: httpx2.AsyncClient, app: Any
) -> None:
    amina = await seeker(client, app, "requirements@example.com")
    for url in (CV, LETTER):
        answer = await client.post(url, json={"job_id": amina.job_id}, headers=amina.headers)
        assert answer.status_code == 201, answer.text
        data = answer.json()["data"]
        items = data["report"]["requirements"]
        met = {(i["kind"], i["evidence"]) for i in items if i["met"]}
        assert ("certification", "CPA (K)") in met
        assert ("membership", "ICPAK Membership") in met
        unmet = [i for i in items if not i["met"]]
        assert [(i["kind"], i["text"], i["priority"]) for i in unmet] == [("skill", "SAP", "must")]
        assert "SAP" not in data["markdown"]


async def test_swahili_cv_on_request(client: httpx2.AsyncClient, app: Any) -> None:
    amina = await seeker(client, app, "sw-cv@example.com")
    body = {"job_id": amina.job_id, "language": "sw"}
    answer = await client.post(CV, json=body, headers=amina.headers)
    assert answer.status_code == 201, answer.text
    data = answer.json()["data"]
    assert data["language"] == "sw"
    assert "## Uzoefu wa Kazi" in data["markdown"]
    assert "## Work Experience" not in data["markdown"]
    assert data["report"]["ok"] is True
    exported = await client.get(
        f"/api/v1/documents/{data['id']}/export?format=md", headers=amina.headers
    )
    assert "## Wadhamini" in exported.text


async def test_stored_letter_checks_clean_again(client: httpx2.AsyncClient, app: Any) -> None:
    amina = await seeker(client, app, "recheck@example.com")
    letter = await client.post(LETTER, json={"job_id": amina.job_id}, headers=amina.headers)
    document_id = letter.json()["data"]["id"]
    again = await client.post(f"/api/v1/documents/{document_id}/validate", headers=amina.headers)
    assert again.status_code == 200, again.text
    assert again.json()["data"]["report"]["issues"] == []
    banded = await client.get(
        f"/api/v1/documents/{document_id}/export?format=pdf&design=band", headers=amina.headers
    )
    assert banded.status_code == 200
    assert banded.content.startswith(b"%PDF")
    wrong = await client.get(
        f"/api/v1/documents/{document_id}/export?design=poster", headers=amina.headers
    )
    assert wrong.status_code == 422


def test_prompts_carry_matched_requirements_outside_the_job_block() -> None:
    profile = Profile.model_validate(profile_data("amina"))
    job = JobData.model_validate(job_data("finance"))
    for prompt in (
        cv_prompt(profile, job, "sw"),
        letter_prompt(profile, job, Tone.FORMAL, LetterLanguage.ENGLISH),
    ):
        user = prompt.user
        block = user.split("MATCHED REQUIREMENTS (JSON):\n", 1)[1].split("\n\n", 1)[0]
        data = json.loads(block)
        assert data["total_years"] >= 9
        kinds = {(r["kind"], r["met"], r["evidence"]) for r in data["requirements"]}
        assert ("membership", True, "ICPAK Membership") in kinds
        assert ("skill", False, None) in kinds
        assert user.index("MATCHED REQUIREMENTS") < user.index(JOB_START)
    assert "summary in Kiswahili" in cv_prompt(profile, job, "sw").user
    letter = letter_prompt(profile, job, Tone.FORMAL, LetterLanguage.ENGLISH)
    assert letter.schema_name == "cover_letter_prose"
    assert "write none of them" in (letter.system or "")  # the layout is Kazi's
