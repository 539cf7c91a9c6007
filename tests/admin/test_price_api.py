"""/api/v1/admin/prices: admins list, set and delete price overrides; each change is
audited, and the dashboard's prices page goes through the same service."""

from typing import Any

import httpx2

from tests.admin.conftest import Dashboard
from tests.admin.test_admin_audit import entries
from tests.helpers import new_user
from tests.users.test_admin_users import make_admin_headers

PRICES = "/api/v1/admin/prices"
PRICE = {"input_usd_per_mtok": "0.15", "output_usd_per_mtok": 0.6}


async def test_admin_sets_lists_changes_and_deletes_a_price(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    put = await client.put(f"{PRICES}/meta-llama/llama-3.1-8b", json=PRICE, headers=admin)
    assert put.status_code == 200, put.text
    assert put.json()["data"]["model_name"] == "meta-llama/llama-3.1-8b"
    changed = {**PRICE, "cached_input_usd_per_mtok": "0.000001"}
    await client.put(f"{PRICES}/meta-llama/llama-3.1-8b", json=changed, headers=admin)

    listed = (await client.get(PRICES, headers=admin)).json()["data"]
    assert [
        (p["model_name"], p["input_usd_per_mtok"], p["output_usd_per_mtok"],
         p["cached_input_usd_per_mtok"]) for p in listed
    ] == [("meta-llama/llama-3.1-8b", "0.15", "0.6", "0.000001")]  # fmt: skip

    gone = await client.delete(f"{PRICES}/meta-llama/llama-3.1-8b", headers=admin)
    assert gone.json() == {"success": True, "data": {"deleted": True}}
    assert (await client.get(PRICES, headers=admin)).json()["data"] == []
    again = await client.delete(f"{PRICES}/meta-llama/llama-3.1-8b", headers=admin)
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "not_found"

    audited = [(e.action, e.target_id, e.before, e.after) for e in await entries(app)]
    state = {"model_name": "meta-llama/llama-3.1-8b", "input_usd_per_mtok": "0.15",
             "output_usd_per_mtok": "0.6", "cached_input_usd_per_mtok": None}  # fmt: skip
    cached = {**state, "cached_input_usd_per_mtok": "0.000001"}
    assert audited == [
        ("price.set", "meta-llama/llama-3.1-8b", None, state),
        ("price.set", "meta-llama/llama-3.1-8b", state, cached),
        ("price.delete", "meta-llama/llama-3.1-8b", cached, None),
    ]


async def test_bad_prices_are_refused_by_field(client: httpx2.AsyncClient, app: Any) -> None:
    admin = await make_admin_headers(client, app)
    for body, field in (
        ({**PRICE, "input_usd_per_mtok": -1}, "input_usd_per_mtok"),
        ({**PRICE, "output_usd_per_mtok": "0.0000001"}, "output_usd_per_mtok"),
        ({**PRICE, "output_usd_per_mtok": "lots"}, "output_usd_per_mtok"),
        ({"input_usd_per_mtok": 1}, "output_usd_per_mtok"),
        ({**PRICE, "currency": "EUR"}, "currency"),
    ):
        answer = await client.put(f"{PRICES}/gpt-4o-mini", json=body, headers=admin)
        assert answer.status_code == 422, body
        assert field in answer.json()["error"]["message"]
    assert (await client.get(PRICES, headers=admin)).json()["data"] == []


async def test_only_admins_reach_prices(client: httpx2.AsyncClient) -> None:
    _, user = await new_user(client, "njeri@example.com")
    assert (await client.get(PRICES, headers=user)).status_code == 403
    assert (await client.put(f"{PRICES}/x", json=PRICE, headers=user)).status_code == 403
    assert (await client.get(PRICES)).status_code == 401


async def test_the_dashboard_and_the_api_share_prices_and_audit(
    dashboard: Dashboard, client: httpx2.AsyncClient, app: Any
) -> None:
    form = {"model_name": "llama-fake", "input": "1.5", "output": "2", "cached": ""}
    saved = await dashboard.post("/admin/prices", form)
    assert saved.status_code == 303
    admin = await make_admin_headers(client, app, "api-admin@example.com")
    listed = (await client.get(PRICES, headers=admin)).json()["data"]
    assert [(p["model_name"], p["input_usd_per_mtok"]) for p in listed] == [("llama-fake", "1.5")]
    assert [e.action for e in await entries(app)] == ["price.set"]
