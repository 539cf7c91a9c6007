"""Factories for the documents API tests: a job seeker with a profile and a saved job,
providers on the fake vendors, and the usage rows the router left."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import select

from kazi.documents.builtin.letter_templates import LetterLanguage, Tone
from kazi.documents.letter_prose import letter_frame
from kazi.documents.prose import LetterProse
from kazi.jobs.models import Job
from kazi.jobs.posting import JobData
from kazi.llm.registry import ProviderType
from kazi.profiles.schemas import Profile
from kazi.usage.models import AIProviderUsageLog
from tests.fakes.plugin import LiveFleet
from tests.helpers import new_user
from tests.routing.conftest import add_provider

DATA = Path(__file__).parents[1] / "data"
CV = "/api/v1/documents/cv"
LETTER = "/api/v1/documents/cover-letter"
VALIDATE = "/api/v1/documents/validate"
SSE = {"Accept": "text/event-stream"}


def profile_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


def job_data(name: str) -> dict[str, Any]:
    jobs: dict[str, dict[str, Any]] = json.loads((DATA / "jobs.json").read_text(encoding="utf-8"))
    return jobs[name]


@dataclass(frozen=True)
class Seeker:
    user_id: int
    headers: dict[str, str]
    job_id: int


async def save_job(app: Any, user_id: int, data: dict[str, Any]) -> int:
    async with app.state.sessions() as session, session.begin():
        job = Job(user_id=user_id, title=data.get("title"), company=data.get("company"), data=data)
        session.add(job)
        await session.flush()
        return job.id


async def seeker(
    client: httpx2.AsyncClient, app: Any, email: str, profile: str = "amina", job: str = "finance"
) -> Seeker:
    """A registered user with a sample profile and one saved sample job."""
    user_id, headers = await new_user(client, email)
    answer = await client.put("/api/v1/profile", json=profile_data(profile), headers=headers)
    assert answer.status_code == 200, answer.text
    return Seeker(user_id, headers, await save_job(app, user_id, job_data(job)))


async def openai_for(app: Any, fleet: LiveFleet, *tasks: str) -> int:
    """An OpenAI provider on the fake vendor, the default for `tasks`."""
    return await add_provider(
        app, fleet, ProviderType.OPENAI, "openai-docs", default_for=list(tasks)
    )


async def usage_rows(app: Any) -> list[AIProviderUsageLog]:
    await app.state.usage_recorder.flush()
    async with app.state.sessions() as session:
        rows = await session.scalars(select(AIProviderUsageLog).order_by(AIProviderUsageLog.id))
        return list(rows)


def parse_events(body: str) -> list[tuple[str, Any]]:
    """(event, data) pairs of a whole server-sent event stream."""
    events: list[tuple[str, Any]] = []
    for block in body.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            events.append((fields["event"], json.loads(fields["data"])))
    return events


async def read_stream(
    client: httpx2.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]
) -> list[tuple[str, Any]]:
    """Each (event, data) pair as a client receives it, line by line."""
    events: list[tuple[str, Any]] = []
    name = ""
    async with client.stream("POST", path, json=body, headers={**headers, **SSE}) as answer:
        assert answer.status_code == 200
        async for line in answer.aiter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name, json.loads(line.removeprefix("data: "))))
    return events


def laid_out(
    prose: dict[str, Any],
    tone: Tone = Tone.FORMAL,
    language: LetterLanguage = LetterLanguage.ENGLISH,
    job: str = "finance",
) -> str:
    """The letter Kazi makes of a model's prose for Amina and a sample job, dated today."""
    profile = Profile.model_validate(profile_data("amina"))
    posting = JobData.model_validate(job_data(job))
    frame = letter_frame(profile, posting, tone, language, date.today())
    return frame.letter(LetterProse.model_validate(prose).paragraphs())
