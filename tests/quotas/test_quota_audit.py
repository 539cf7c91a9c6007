"""Quota limits changed through the admin API are audited once per change, like the
same change on the dashboard (both go through the quota service)."""

from typing import Any

import httpx2

from tests.admin.test_admin_audit import entries
from tests.users.test_admin_users import make_admin_headers

LIMIT = "/api/v1/admin/quotas/free/cv_draft/day"


async def test_api_quota_changes_are_audited_once_each(
    client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await make_admin_headers(client, app)
    for body in ({"max_calls": 5}, {"max_calls": 7}):
        answer = await client.put(LIMIT, json=body, headers=admin)
        assert answer.status_code == 200, answer.text
    assert (await client.delete(LIMIT, headers=admin)).status_code == 200

    audited = [(e.action, e.before, e.after) for e in await entries(app)]
    first = {"tier": "free", "task": "CV drafting", "period": "day", "max_calls": 5,
             "max_cost_usd": None}  # fmt: skip
    second = {**first, "max_calls": 7}
    assert audited == [
        ("quota.set", None, first),
        ("quota.set", first, second),
        ("quota.delete", second, None),
    ]
