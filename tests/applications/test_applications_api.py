"""/api/v1/applications: one per job, ordered by deadline, owned like jobs."""

from datetime import timedelta
from typing import Any

import httpx2

from kazi.kit.db import utcnow
from tests.app.conftest import POSTING_TEXT
from tests.helpers import new_user

API = "/api/v1/applications"


async def add_job(client: httpx2.AsyncClient, headers: dict[str, str], text: str) -> int:
    answer = await client.post("/api/v1/jobs/extract", json={"text": text}, headers=headers)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["data"]["job"]["id"])


def posting(title: str, closing: str | None) -> str:
    text = POSTING_TEXT.replace("Accounts Assistant", title)
    return text.replace("Closing date: 2030-01-31", f"Closing date: {closing}" if closing else "")


async def test_the_deadline_comes_from_the_closing_date(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "amina@example.com")
    job_id = await add_job(client, headers, POSTING_TEXT)
    created = await client.post(API, json={"job_id": job_id}, headers=headers)
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert (data["status"], data["deadline"], data["job_title"]) == (
        "saved",
        "2030-01-31",
        "Accounts Assistant",
    )
    again = await client.post(API, json={"job_id": job_id}, headers=headers)
    assert again.status_code == 409


async def test_status_dates_and_notes(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "amina@example.com")
    job_id = await add_job(client, headers, POSTING_TEXT)
    application_id = (await client.post(API, json={"job_id": job_id}, headers=headers)).json()[
        "data"
    ]["id"]
    changes = {"status": "applied", "notes": "Sent by e-mail to HR", "next_step_on": "2030-02-10"}
    patched = await client.patch(f"{API}/{application_id}", json=changes, headers=headers)
    assert patched.status_code == 200, patched.text
    data = patched.json()["data"]
    assert data["status"] == "applied"
    assert data["applied_on"] == utcnow().date().isoformat()  # marked applied today
    assert (data["notes"], data["next_step_on"]) == ("Sent by e-mail to HR", "2030-02-10")
    cleared = await client.patch(
        f"{API}/{application_id}", json={"deadline": None}, headers=headers
    )
    assert cleared.json()["data"]["deadline"] is None
    wrong = await client.patch(f"{API}/{application_id}", json={"status": "hired"}, headers=headers)
    assert wrong.status_code == 422


async def test_listed_by_next_deadline_with_the_close_ones_marked(
    client: httpx2.AsyncClient,
) -> None:
    _, headers = await new_user(client, "amina@example.com")
    today = utcnow().date()
    dates = {"Later": today + timedelta(days=20), "Soon": today + timedelta(days=2), "None": None}
    for title, closing in dates.items():
        job_id = await add_job(client, headers, posting(f"{title} Clerk", closing and str(closing)))
        body: dict[str, Any] = {"job_id": job_id}
        assert (await client.post(API, json=body, headers=headers)).status_code == 201
    items = (await client.get(API, headers=headers)).json()["data"]["items"]
    assert [(i["job_title"], i["closing_soon"]) for i in items] == [
        ("Soon Clerk", True),
        ("Later Clerk", False),
        ("None Clerk", False),
    ]


async def test_other_users_see_nothing(client: httpx2.AsyncClient) -> None:
    _, owner = await new_user(client, "amina@example.com")
    _, other = await new_user(client, "baraka@example.com")
    job_id = await add_job(client, owner, POSTING_TEXT)
    refused = await client.post(API, json={"job_id": job_id}, headers=other)
    assert refused.status_code == 404
    application_id = (await client.post(API, json={"job_id": job_id}, headers=owner)).json()[
        "data"
    ]["id"]
    path = f"{API}/{application_id}"
    assert (await client.get(path, headers=other)).status_code == 404
    assert (await client.patch(path, json={"notes": "x"}, headers=other)).status_code == 404
    assert (await client.delete(path, headers=other)).status_code == 404
    assert (await client.get(API, headers=other)).json()["data"]["items"] == []
    assert (await client.get(API)).status_code == 401
    assert (await client.delete(path, headers=owner)).status_code == 200
    deleted_job = await add_job(client, owner, POSTING_TEXT)
    created = await client.post(API, json={"job_id": deleted_job}, headers=owner)
    await client.delete(f"/api/v1/jobs/{deleted_job}", headers=owner)
    gone = await client.get(f"{API}/{created.json()['data']['id']}", headers=owner)
    assert gone.status_code == 404  # the job's application goes with it
