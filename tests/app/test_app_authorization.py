"""Nobody but the signed-in owner sees a page of the app or changes anything through
it; other users' things answer 404, and every form needs its CSRF token."""

import re
from dataclasses import dataclass
from typing import Any

from fastapi.routing import APIRoute

from kazi.app import site as app_site
from tests.app.conftest import POSTING_TEXT, Visitor, visitor

# Every page and form of the app, with what each needs to be exercised.
PAGES = [
    "/",
    "/profile",
    "/profile/upload",
    "/jobs",
    "/jobs/new",
    "/jobs/{job_id}",
    "/documents/{document_id}",
    "/documents/{document_id}/download",
    "/usage",
    "/account",
    "/account/export",
]
ACTIONS: list[tuple[str, dict[str, str]]] = [
    ("/logout", {}),
    ("/profile", {"basics-name": "Refused"}),
    ("/profile/import", {"json": "{}"}),
    ("/profile/upload", {}),
    ("/profile/confirm", {"keep": "basics", "basics-name": "Refused"}),
    ("/jobs/new", {"text": POSTING_TEXT}),
    ("/jobs/{job_id}/track", {}),
    ("/jobs/{job_id}/correct", {"field": "title", "value": "Refused"}),
    ("/applications/{application_id}", {"status": "applied"}),
    ("/jobs/{job_id}/cv", {}),
    ("/jobs/{job_id}/letter", {"tone": "warm"}),
    ("/documents/{document_id}/check", {"text": "Hello"}),
    ("/jobs/{job_id}/delete", {}),
    ("/account/password", {"current_password": "x", "new_password": "y" * 12}),
    ("/account/delete", {"password": "x"}),
]
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/signup"),
    ("POST", "/signup"),
    ("GET", "/language/{code}"),
    ("GET", "/password/forgot"),
    ("POST", "/password/forgot"),
    ("GET", "/password/reset"),
    ("POST", "/password/reset"),
}
# Pages and forms about one thing a user owns: another user gets 404.
OWNED_PAGES = [
    "/jobs/{job_id}",
    "/documents/{document_id}",
    "/documents/{document_id}/download?format=md",
]
OWNED_ACTIONS: list[tuple[str, dict[str, str]]] = [
    ("/jobs/{job_id}/track", {}),
    ("/jobs/{job_id}/correct", {"field": "title", "value": "Refused"}),
    ("/applications/{application_id}", {"status": "applied"}),
    ("/jobs/{job_id}/cv", {}),
    ("/jobs/{job_id}/letter", {"tone": "warm"}),
    ("/documents/{document_id}/check", {"text": "Hello"}),
    ("/jobs/{job_id}/delete", {}),
]


@dataclass
class Ids:
    """The ids of things the owner has, filled into the paths above."""

    values: dict[str, int]

    def fill(self, text: str) -> str:
        return text.format(**self.values)


async def _owned_things(owner: Visitor) -> Ids:
    await owner.page("/jobs/new")
    added = await owner.post("/jobs/new", {"text": POSTING_TEXT})
    job_path = added.headers["location"].split("?")[0]
    job_id = int(job_path.rsplit("/", 1)[1])
    found = re.search(r'action="/applications/(\d+)"', (await owner.page(job_path)).text)
    assert found is not None
    document = await owner.post(f"{job_path}/cv")
    document_id = int(document.headers["location"].rsplit("/", 1)[1])
    ids = {"job_id": job_id, "application_id": int(found.group(1)), "document_id": document_id}
    return Ids(ids)


def test_the_lists_cover_every_route_of_the_app() -> None:
    routes = {
        (method, route.path)
        for router in app_site.PAGES
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    listed = {("GET", p) for p in PAGES} | {("POST", p) for p, _ in ACTIONS} | PUBLIC
    assert routes == listed


async def test_anonymous_visitors_are_sent_to_sign_in(app: Any) -> None:
    anonymous = visitor(app)
    for path in PAGES:
        answer = await anonymous.client.get(path.format(job_id=1, application_id=1, document_id=1))
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login?next="), path
    for path, data in ACTIONS:
        answer = await anonymous.post(path.format(job_id=1, application_id=1, document_id=1), data)
        assert answer.status_code == 403, path
    await anonymous.client.aclose()


async def test_forms_without_their_csrf_token_are_refused(seeker: Visitor) -> None:
    for path, data in ACTIONS:
        for token in ("", "forged-token"):
            seeker.csrf = token
            answer = await seeker.post(path, data)
            assert answer.status_code == 403, (path, token)
            assert "This form has expired" in answer.text
    assert (await seeker.client.get("/")).status_code == 200  # still signed in


async def test_public_forms_need_the_token_of_their_page(app: Any) -> None:
    anonymous = visitor(app)
    for path in ("/login", "/signup", "/password/forgot", "/password/reset"):
        answer = await anonymous.post(path, {"email": "a@example.com", "password": "x" * 12})
        assert answer.status_code == 403, path
    await anonymous.client.aclose()


async def test_other_users_things_answer_404(app: Any, seeker: Visitor) -> None:
    ids = await _owned_things(seeker)
    stranger = visitor(app)
    await stranger.join("stranger@example.com")
    await stranger.page("/")
    for path in OWNED_PAGES:
        assert (await stranger.client.get(ids.fill(path))).status_code == 404, path
    for path, data in OWNED_ACTIONS:
        assert (await stranger.post(ids.fill(path), data)).status_code == 404, path
    await stranger.client.aclose()
    for path in OWNED_PAGES:  # untouched: the owner still sees every one
        await seeker.page(ids.fill(path))
