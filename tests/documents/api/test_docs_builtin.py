"""Without any provider configured, every document route is served by the built-in engine."""

from typing import Any

import httpx2

from tests.documents.api.support import CV, LETTER, VALIDATE, seeker
from tests.helpers import new_user


async def test_builtin_cv_is_identical_for_identical_calls(
    client: httpx2.AsyncClient, app: Any
) -> None:
    amina = await seeker(client, app, "amina@example.com")
    first = await client.post(CV, json={"job_id": amina.job_id}, headers=amina.headers)
    second = await client.post(CV, json={"job_id": amina.job_id}, headers=amina.headers)
    assert first.status_code == second.status_code == 201, first.text
    cv, again = first.json()["data"], second.json()["data"]
    assert cv["provider_used"] == again["provider_used"] == "builtin"
    assert cv["model"] is None
    assert cv["id"] != again["id"]
    assert cv["content"] == again["content"]
    assert cv["markdown"] == again["markdown"]
    assert cv["report"]["ok"] is True
    assert cv["report"]["removed"] == []
    assert cv["kind"] == "cv"
    assert cv["title"] == "CV - Finance Officer at Equity Bank"
    assert cv["content"]["meta"]["targetCompany"] == "Equity Bank"


async def test_builtin_letter_is_identical_for_identical_calls(
    client: httpx2.AsyncClient, app: Any
) -> None:
    amina = await seeker(client, app, "amina-letter@example.com")
    body = {"job_id": amina.job_id, "tone": "warm"}
    letters = [await client.post(LETTER, json=body, headers=amina.headers) for _ in range(2)]
    assert [answer.status_code for answer in letters] == [201, 201], letters[0].text
    letter, letter_again = (answer.json()["data"] for answer in letters)
    assert letter["provider_used"] == "builtin"
    assert letter["markdown"] == letter_again["markdown"]
    assert letter["markdown"].startswith("Amina Wanjiku Otieno\n")
    assert "\n\nDear Sir/Madam,\n\n" in letter["markdown"]
    assert letter["markdown"].endswith("\n\nYours faithfully,\n\nAmina Wanjiku Otieno\n")
    assert (letter["tone"], letter["language"], letter["content"]) == ("warm", "en", None)
    assert letter["report"]["ok"] is True


async def test_validation_without_a_judge_is_code_only(
    client: httpx2.AsyncClient, app: Any
) -> None:
    amina = await seeker(client, app, "amina-check@example.com")
    cv = (await client.post(CV, json={"job_id": amina.job_id}, headers=amina.headers)).json()
    body = {"document": cv["data"]["markdown"], "job_id": amina.job_id}
    answers = [await client.post(VALIDATE, json=body, headers=amina.headers) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200], answers[0].text
    data = answers[0].json()["data"]
    assert data == answers[1].json()["data"]
    assert (data["provider_used"], data["judge"], data["model"]) == (
        "builtin",
        "not_configured",
        None,
    )
    assert data["report"]["ok"] is True
    assert data["report"]["advisory"] == []
    assert "IFRS" in data["report"]["coverage"]["covered"]


async def test_kenyan_conventions_are_kept(client: httpx2.AsyncClient, app: Any) -> None:
    amina = await seeker(client, app, "kenyan@example.com")
    answer = await client.post(CV, json={"job_id": amina.job_id}, headers=amina.headers)
    content = answer.json()["data"]["content"]
    markdown = answer.json()["data"]["markdown"]
    assert content["basics"]["phone"] == "+254 712 345 678"
    scores = [e.get("score") for e in content["education"]]
    assert scores == ["Second Class Honours (Upper Division)", "A-"]
    assert "KCSE" in markdown
    assert "CPA (K) — KASNEB, Jun 2017" in markdown
    assert "Tel +254 722 111 222" in markdown


async def test_swahili_job_gets_a_swahili_letter(client: httpx2.AsyncClient, app: Any) -> None:
    faith = await seeker(client, app, "faith@example.com", profile="faith", job="teacher")
    answer = await client.post(LETTER, json={"job_id": faith.job_id}, headers=faith.headers)
    assert answer.status_code == 201, answer.text
    letter = answer.json()["data"]
    assert letter["language"] == "sw"
    blocks = letter["markdown"].split("\n\n")
    assert blocks[2:5] == [
        "Meneja wa Uajiri\nBrookhouse School",
        "Ndugu Bwana/Bibi,",
        "**KUH: OMBI LA NAFASI YA MATHEMATICS TEACHER**",
    ]
    english = await client.post(
        LETTER, json={"job_id": faith.job_id, "language": "en"}, headers=faith.headers
    )
    assert english.json()["data"]["language"] == "en"
    assert "Dear Sir/Madam," in english.json()["data"]["markdown"]


async def test_storage_list_get_delete_and_ownership(client: httpx2.AsyncClient, app: Any) -> None:
    amina = await seeker(client, app, "owner-docs@example.com")
    _, stranger = await new_user(client, "stranger-docs@example.com")
    made = []
    for path in (CV, LETTER, CV):
        answer = await client.post(path, json={"job_id": amina.job_id}, headers=amina.headers)
        made.append(answer.json()["data"]["id"])
    page = (await client.get("/api/v1/documents?limit=2", headers=amina.headers)).json()["data"]
    assert page["total"] == 3
    assert [item["id"] for item in page["items"]] == [made[2], made[1]]
    assert [item["kind"] for item in page["items"]] == ["cv", "cover_letter"]
    assert page["items"][0]["ok"] is True
    rest = (await client.get("/api/v1/documents?offset=2", headers=amina.headers)).json()["data"]
    assert [item["id"] for item in rest["items"]] == [made[0]]

    one = await client.get(f"/api/v1/documents/{made[1]}", headers=amina.headers)
    assert one.json()["data"]["kind"] == "cover_letter"
    assert one.json()["data"]["report"]["ok"] is True
    for method in ("GET", "DELETE"):
        foreign = await client.request(method, f"/api/v1/documents/{made[1]}", headers=stranger)
        assert foreign.status_code == 404
        assert foreign.json()["error"]["code"] == "not_found"
    stranger_cv = await client.post(CV, json={"job_id": amina.job_id}, headers=stranger)
    assert stranger_cv.status_code == 404
    assert (await client.get("/api/v1/documents", headers=stranger)).json()["data"]["total"] == 0

    deleted = await client.delete(f"/api/v1/documents/{made[1]}", headers=amina.headers)
    assert deleted.json()["data"] == {"deleted": made[1]}
    gone = await client.get(f"/api/v1/documents/{made[1]}", headers=amina.headers)
    assert gone.status_code == 404


async def test_revalidation_uses_the_current_profile(client: httpx2.AsyncClient, app: Any) -> None:
    amina = await seeker(client, app, "revalidate@example.com")
    cv = (await client.post(CV, json={"job_id": amina.job_id}, headers=amina.headers)).json()
    document_id = cv["data"]["id"]
    fine = await client.post(f"/api/v1/documents/{document_id}/validate", headers=amina.headers)
    assert fine.json()["data"]["report"]["ok"] is True
    assert fine.json()["data"]["document_id"] == document_id
    await client.put(
        "/api/v1/profile", json={"basics": {"name": "Amina Wanjiku Otieno"}}, headers=amina.headers
    )
    stale = await client.post(f"/api/v1/documents/{document_id}/validate", headers=amina.headers)
    report = stale.json()["data"]["report"]
    assert report["ok"] is False
    employers = {i["text"] for i in report["issues"] if i["kind"] == "unknown_employer"}
    assert {"KCB Bank Kenya Limited", "Deloitte East Africa"} <= employers
