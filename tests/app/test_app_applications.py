"""Applications in the app: every added job is tracked, the home page lists them by
next deadline with the close ones marked, and the job page changes the status."""

import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from kazi.jobs.models import Job
from kazi.jobs.repository import JobRepository
from kazi.kit.db import utcnow
from kazi.users.models import User
from tests.app.conftest import POSTING_TEXT, Visitor


async def add_job(seeker: Visitor, title: str, closing: str) -> str:
    text = POSTING_TEXT.replace("Accounts Assistant", title).replace("2030-01-31", closing)
    await seeker.page("/jobs/new")
    answer = await seeker.post("/jobs/new", {"text": text})
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].split("?")[0]


def application_path(html: str) -> str:
    found = re.search(r'action="(/applications/\d+)"', html)
    assert found is not None, "the job page has no application form"
    return found.group(1)


async def test_home_lists_by_next_deadline_and_marks_the_close_ones(seeker: Visitor) -> None:
    today = utcnow().date()
    await add_job(seeker, "Later Clerk", str(today + timedelta(days=30)))
    await add_job(seeker, "Soon Clerk", str(today + timedelta(days=3)))
    home = await seeker.page("/")
    cards = re.findall(r'<li class="card( soon)?">\s*<a href="/jobs/\d+">([^<]+)</a>', home.text)
    assert cards == [(" soon", "Soon Clerk"), ("", "Later Clerk")]
    assert home.text.count("Closes within 3 days") == 1


async def test_the_status_form(seeker: Visitor) -> None:
    job_path = await add_job(seeker, "Stores Clerk", "2030-01-31")
    page = await seeker.page(job_path)
    assert 'value="2030-01-31"' in page.text  # the deadline is the closing date
    path = application_path(page.text)
    changes = {"status": "applied", "notes": "Hand-delivered", "deadline": "2030-01-31"}
    saved = await seeker.post(path, changes)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{job_path}?notice=saved#application"
    page = await seeker.page(job_path)
    assert '<option value="applied" selected>' in page.text
    assert f'name="applied_on" value="{utcnow().date()}"' in page.text
    assert "Hand-delivered" in page.text
    wrong = await seeker.post(path, {"status": "applied", "deadline": "31/01/2030"})
    assert wrong.headers["location"] == f"{job_path}?notice=invalid#application"
    home = await seeker.page("/")
    assert '<span class="status">Applied</span>' in home.text


async def test_a_job_without_an_application_can_be_tracked(app: Any, seeker: Visitor) -> None:
    async with app.state.sessions() as session, session.begin():
        user_id = await session.scalar(select(User.id).where(User.email == "wanjiru@example.com"))
        job = Job(user_id=user_id, title="Driver", data={"title": "Driver"}, provenance={})
        job_id = (await JobRepository(session).add(job)).id
    page = await seeker.page(f"/jobs/{job_id}")
    assert f'action="/jobs/{job_id}/track"' in page.text
    assert (await seeker.post(f"/jobs/{job_id}/track")).status_code == 303
    page = await seeker.page(f"/jobs/{job_id}")
    assert '<option value="saved" selected>' in page.text
    assert (await seeker.post(f"/jobs/{job_id}/track")).status_code == 303  # once is enough
