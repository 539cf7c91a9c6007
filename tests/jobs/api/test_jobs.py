"""Saved jobs: paging, get, delete."""

from typing import Any

import httpx2

from kazi.jobs.models import Job
from tests.helpers import new_user


async def _save_jobs(app: Any, user_id: int, titles: list[str]) -> list[int]:
    ids = []
    async with app.state.sessions() as session, session.begin():
        for title in titles:
            job = Job(
                user_id=user_id,
                title=title,
                company="Safaricom",
                data={"title": title, "company": "Safaricom", "skills": ["SQL"]},
            )
            session.add(job)
            await session.flush()
            ids.append(job.id)
    return ids


async def test_paging_lists_newest_first(client: httpx2.AsyncClient, app: Any) -> None:
    user_id, headers = await new_user(client, "pager@example.com")
    ids = await _save_jobs(app, user_id, [f"Job {n}" for n in range(5)])
    first = (await client.get("/api/v1/jobs?limit=2", headers=headers)).json()["data"]
    assert first["total"] == 5
    assert [j["id"] for j in first["items"]] == [ids[4], ids[3]]
    last = (await client.get("/api/v1/jobs?offset=4&limit=2", headers=headers)).json()["data"]
    assert [j["id"] for j in last["items"]] == [ids[0]]
    assert last["items"][0]["skills"] == ["SQL"]


async def test_bad_paging_is_422(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "badpage@example.com")
    answer = await client.get("/api/v1/jobs?limit=0", headers=headers)
    assert answer.status_code == 422
    assert "query.limit" in answer.json()["error"]["message"]


async def test_get_and_delete(client: httpx2.AsyncClient, app: Any) -> None:
    user_id, headers = await new_user(client, "deleter@example.com")
    (job_id,) = await _save_jobs(app, user_id, ["Data Analyst"])
    got = await client.get(f"/api/v1/jobs/{job_id}", headers=headers)
    assert got.json()["data"]["title"] == "Data Analyst"
    assert (await client.delete(f"/api/v1/jobs/{job_id}", headers=headers)).status_code == 200
    assert (await client.delete(f"/api/v1/jobs/{job_id}", headers=headers)).status_code == 404
