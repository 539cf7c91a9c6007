"""The profile form and the JSON Resume import write the profile the API reads."""

import json
from typing import Any

from sqlalchemy import select

from kazi.profiles.repository import ProfileRepository
from kazi.profiles.schemas import Profile
from kazi.users.models import User
from tests.app.conftest import Visitor

FORM = {
    "basics-name": "Wanjiru Kamau",
    "basics-phone": "+254 712 345 678",
    "work-count": "0",
    "work-0-position": "Accounts Assistant",
    "work-0-name": "Twiga Foods",
    "work-0-start_date": "2021-03",
    "work-0-highlights": "Cut month-end close from 8 to 5 days\n\nReconciled 40 supplier accounts",
    "education-count": "0",
    "education-0-institution": "University of Nairobi",
    "education-0-study_type": "BCom",
    "certificates-count": "0",
    "certificates-0-name": "CPA Part III",
    "certificates-0-issuer": "KASNEB",
    "certificates-0-number": "NAI/123456",
    "skills-count": "0",
    "skills-0-name": "Excel",
    "languages-count": "0",
    "languages-0-language": "Kiswahili",
    "languages-0-fluency": "Native",
    "references-count": "0",
    "references-0-name": "Grace Otieno",
    "references-0-reference": "Finance Manager, Twiga Foods, +254 700 000 001",
}


async def stored_profile(app: Any, email: str) -> Profile:
    async with app.state.sessions() as session:
        user_id = await session.scalar(select(User.id).where(User.email == email))
        assert user_id is not None
        return await ProfileRepository(session).get(user_id)


async def test_the_form_saves_every_section(app: Any, seeker: Visitor) -> None:
    await seeker.page("/profile")
    answer = await seeker.post("/profile", FORM)
    assert answer.status_code == 303, answer.text
    profile = await stored_profile(app, "wanjiru@example.com")
    assert profile.basics.name == "Wanjiru Kamau"
    assert profile.work[0].highlights == [
        "Cut month-end close from 8 to 5 days",
        "Reconciled 40 supplier accounts",
    ]
    certificate = profile.certificates[0]
    assert (certificate.name, certificate.issuer, certificate.number) == (
        "CPA Part III",
        "KASNEB",
        "NAI/123456",
    )
    assert profile.languages[0].fluency == "Native"
    assert profile.references[0].name == "Grace Otieno"
    page = await seeker.page("/profile")
    assert 'value="NAI/123456"' in page.text


async def test_removing_an_entry_and_a_wrong_date(app: Any, seeker: Visitor) -> None:
    await seeker.page("/profile")
    assert (await seeker.post("/profile", FORM)).status_code == 303
    await seeker.page("/profile")
    removed = {"work-count": "1", "work-0-remove": "on", "work-0-name": "Twiga Foods"}
    assert (await seeker.post("/profile", {**FORM, **removed})).status_code == 303
    assert (await stored_profile(app, "wanjiru@example.com")).work == []
    await seeker.page("/profile")
    wrong = await seeker.post("/profile", {**FORM, "work-0-start_date": "March 2021"})
    assert wrong.status_code == 422
    assert "work › 1 › start_date" in wrong.text
    assert (await stored_profile(app, "wanjiru@example.com")).work == []


async def test_json_resume_import_replaces_the_profile(app: Any, seeker: Visitor) -> None:
    await seeker.page("/profile")
    resume = {"basics": {"name": "W. Kamau"}, "skills": [{"name": "SQL", "keywords": ["joins"]}]}
    upload = {"file": ("resume.json", json.dumps(resume).encode(), "application/json")}
    answer = await seeker.post("/profile/import", {}, files=upload)
    assert answer.status_code == 303, answer.text
    profile = await stored_profile(app, "wanjiru@example.com")
    assert (profile.basics.name, profile.skills[0].keywords) == ("W. Kamau", ["joins"])
    await seeker.page("/profile")
    broken = await seeker.post("/profile/import", {"json": "{not json"})
    assert broken.status_code == 422
    assert "not a JSON Resume file" in broken.text
