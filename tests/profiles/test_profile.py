"""The master profile: GET, PUT, export and import as JSON Resume."""

import httpx2

from tests.helpers import new_user

KENYAN_PROFILE = {
    "basics": {
        "name": "Achieng Odhiambo",
        "label": "Accountant",
        "email": "achieng@example.co.ke",
        "phone": "+254 712 345 678",
        "location": {"city": "Kisumu", "countryCode": "KE"},
    },
    "work": [
        {
            "name": "KCB Group",
            "position": "Accounts Assistant",
            "startDate": "2021-02",
            "highlights": ["Reconciled 40 branch accounts monthly"],
        }
    ],
    "education": [
        {
            "institution": "University of Nairobi",
            "studyType": "Bachelor of Commerce",
            "area": "Accounting",
            "score": "Second Class Honours (Upper Division)",
            "endDate": "2020",
        },
        {"institution": "Kenya High School", "studyType": "KCSE", "score": "A-", "endDate": "2015"},
    ],
    "certificates": [{"name": "CPA Kenya", "issuer": "KASNEB", "date": "2022"}],
    "references": [{"name": "Mr. J. Mwangi, Finance Manager, KCB", "reference": "0722 000 000"}],
}


async def test_empty_then_put_then_get(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "achieng@example.com")
    empty = await client.get("/api/v1/profile", headers=headers)
    assert empty.json()["data"]["work"] == []
    put = await client.put("/api/v1/profile", json=KENYAN_PROFILE, headers=headers)
    assert put.status_code == 200
    got = (await client.get("/api/v1/profile", headers=headers)).json()["data"]
    assert got["education"][1] == {
        "institution": "Kenya High School",
        "studyType": "KCSE",
        "score": "A-",
        "endDate": "2015",
        "courses": [],
        "area": None,
        "startDate": None,
    }
    assert got["basics"]["phone"] == "+254 712 345 678"
    assert got["certificates"][0]["issuer"] == "KASNEB"


async def test_export_is_json_resume_and_imports_back(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "export@example.com")
    await client.put("/api/v1/profile", json=KENYAN_PROFILE, headers=headers)
    exported = await client.get("/api/v1/profile/export", headers=headers)
    assert exported.status_code == 200
    document = exported.json()
    assert document["$schema"].endswith("schema.json")
    assert document["work"][0]["startDate"] == "2021-02"
    assert "attachment" in exported.headers["content-disposition"]

    _, other = await new_user(client, "import@example.com")
    imported = await client.post("/api/v1/profile/import", json=document, headers=other)
    assert imported.status_code == 200
    assert (await client.get("/api/v1/profile", headers=other)).json()["data"] == (
        await client.get("/api/v1/profile", headers=headers)
    ).json()["data"]


async def test_invalid_fields_are_named_and_nothing_is_lost(client: httpx2.AsyncClient) -> None:
    _, headers = await new_user(client, "invalid@example.com")
    await client.put("/api/v1/profile", json=KENYAN_PROFILE, headers=headers)
    bad = {"basics": {"email": "not-an-email"}, "work": [{"position": "no employer"}]}
    answer = await client.put("/api/v1/profile", json=bad, headers=headers)
    assert answer.status_code == 422
    message = answer.json()["error"]["message"]
    assert "body.basics.email" in message
    assert "body.work.0.name" in message
    kept = (await client.get("/api/v1/profile", headers=headers)).json()["data"]
    assert kept["basics"]["name"] == "Achieng Odhiambo"
