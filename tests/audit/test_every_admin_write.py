"""Every administrative write leaves exactly one audit entry, with its action, actor and
target, whether made through /api/v1/admin/... or through the dashboard's forms: both
go through the service that writes the entry.

Model aliases and admin-scope API keys have no dashboard form; provider activation has
no API route (the API sets `is_active` with an update)."""

from typing import Any

import httpx2
import pytest
from sqlalchemy import func, select

from kazi.audit.models import AuditEntry
from kazi.providers.models import AIProviderConfig
from kazi.quotas.models import QuotaLimit
from kazi.users.models import AccessToken
from tests.admin.conftest import ADMIN_EMAIL
from tests.admin.test_admin_secrets import provider_form
from tests.audit.writes import (
    KEY,
    Admin,
    Write,
    a_limit,
    a_member,
    a_price,
    a_provider,
    a_rule,
    an_alias,
    an_inactive_provider,
    nothing,
)

PROVIDERS = "/api/v1/admin/providers"
API_BODY = {
    "provider_type": "openai",
    "name": "made",
    "model_name": "gpt-4o-mini",
    "api_key": KEY,
    "settings": {"base_url": "http://127.0.0.1:9/v1"},
}
EDITED = {**provider_form("seeded", KEY), "model_name": "gpt-4o"}


async def api_create_provider(admin: Admin, _: None) -> str:
    answer = await admin.call("POST", PROVIDERS, API_BODY)
    return str(answer.json()["data"]["id"])


async def form_create_provider(admin: Admin, _: None) -> str:
    await admin.submit("/admin/providers/new", provider_form("made", KEY))
    return await admin.find_id(AIProviderConfig, AIProviderConfig.name == "made")


async def api_update_provider(admin: Admin, provider_id: int) -> str:
    await admin.call("PATCH", f"{PROVIDERS}/{provider_id}", {"model_name": "gpt-4o"})
    return str(provider_id)


async def api_set_task_default(admin: Admin, provider_id: int) -> str:
    await admin.call("PATCH", f"{PROVIDERS}/{provider_id}", {"default_for": ["chat"]})
    return str(provider_id)


async def form_update_provider(admin: Admin, provider_id: int) -> str:
    await admin.submit(f"/admin/providers/{provider_id}", EDITED)
    return str(provider_id)


async def form_set_task_default(admin: Admin, provider_id: int) -> str:
    await admin.submit(f"/admin/providers/{provider_id}", {**EDITED, "default_for": "chat"})
    return str(provider_id)


async def form_activate(admin: Admin, provider_id: int) -> str:
    await admin.submit(f"/admin/providers/{provider_id}/activate")
    return str(provider_id)


async def api_deactivate(admin: Admin, provider_id: int) -> str:
    await admin.call("POST", f"{PROVIDERS}/{provider_id}/deactivate")
    return str(provider_id)


async def form_deactivate(admin: Admin, provider_id: int) -> str:
    await admin.submit(f"/admin/providers/{provider_id}/deactivate")
    return str(provider_id)


async def api_delete_provider(admin: Admin, provider_id: int) -> str:
    await admin.call("DELETE", f"{PROVIDERS}/{provider_id}")
    return str(provider_id)


async def form_delete_provider(admin: Admin, provider_id: int) -> str:
    await admin.submit(f"/admin/providers/{provider_id}/delete")
    return str(provider_id)


async def api_replace_rule(admin: Admin, provider_id: int) -> str:
    rule = {"candidates": [{"provider_config_id": provider_id, "model_override": "gpt-4.1"}]}
    await admin.call("PUT", "/api/v1/admin/routing/extraction/pro", rule)
    return "extraction/pro"


async def api_replace_any_tier_rule(admin: Admin, provider_id: int) -> str:
    await admin.call("PUT", "/api/v1/admin/routing/chat/any", {"candidates": []})
    return "chat/*"


async def form_add_candidate(admin: Admin, provider_id: int) -> str:
    form = {"provider_config_id": str(provider_id), "model_override": "gpt-4.1"}
    await admin.submit("/admin/routing/extraction/pro/add", form)
    return "extraction/pro"


async def form_remove_candidate(admin: Admin, _: int) -> str:
    await admin.submit("/admin/routing/chat/any/remove", {"position": "0"})
    return "chat/*"


async def form_move_candidate(admin: Admin, _: int) -> str:
    await admin.submit("/admin/routing/chat/any/move", {"position": "1", "direction": "up"})
    return "chat/*"


async def form_set_model(admin: Admin, _: int) -> str:
    form = {"position": "0", "model_override": "gpt-4.1"}
    await admin.submit("/admin/routing/chat/any/model", form)
    return "chat/*"


async def api_create_alias(admin: Admin, _: None) -> str:
    body = {"alias": "gpt-4o", "task_type": "chat"}
    answer = await admin.call("POST", "/api/v1/admin/model-aliases", body)
    return str(answer.json()["data"]["id"])


async def api_delete_alias(admin: Admin, alias_id: int) -> str:
    await admin.call("DELETE", f"/api/v1/admin/model-aliases/{alias_id}")
    return str(alias_id)


LIMIT = "/api/v1/admin/quotas/free/cv_draft/day"
LIMIT_FORM = {"tier": "free", "task": "any", "period": "month", "max_calls": "9"}


async def api_set_limit(admin: Admin, limit_id: int | None) -> str:
    await admin.call("PUT", LIMIT, {"max_calls": 7})
    return await admin.find_id(QuotaLimit, QuotaLimit.task_type == "cv_draft")


async def form_set_limit(admin: Admin, _: None) -> str:
    await admin.submit("/admin/quotas", {**LIMIT_FORM, "max_cost": ""})
    return await admin.find_id(QuotaLimit, QuotaLimit.task_type == "*")


async def api_delete_limit(admin: Admin, limit_id: int) -> str:
    await admin.call("DELETE", LIMIT)
    return str(limit_id)


async def form_delete_limit(admin: Admin, limit_id: int) -> str:
    await admin.submit(f"/admin/quotas/{limit_id}/delete")
    return str(limit_id)


PRICE = {"input_usd_per_mtok": "0.15", "output_usd_per_mtok": "0.6"}
PRICE_FORM = {"model_name": "vendor/model", "input": "0.15", "output": "0.6", "cached": ""}


async def api_set_price(admin: Admin, _: Any) -> str:
    await admin.call("PUT", "/api/v1/admin/prices/vendor/model", PRICE)
    return "vendor/model"


async def form_set_price(admin: Admin, _: Any) -> str:
    await admin.submit("/admin/prices", PRICE_FORM)
    return "vendor/model"


async def api_delete_price(admin: Admin, _: int) -> str:
    await admin.call("DELETE", "/api/v1/admin/prices/vendor/model")
    return "vendor/model"


async def form_delete_price(admin: Admin, price_id: int) -> str:
    await admin.submit(f"/admin/prices/{price_id}/delete")
    return "vendor/model"


async def api_update_user(admin: Admin, user_id: int) -> str:
    await admin.call("PATCH", f"/api/v1/admin/users/{user_id}", {"tier": "pro"})
    return str(user_id)


async def form_update_user(admin: Admin, user_id: int) -> str:
    form = {"tier": "pro", "role": "user", "is_active": "on"}
    await admin.submit(f"/admin/users/{user_id}", form)
    return str(user_id)


async def api_create_admin_key(admin: Admin, _: None) -> str:
    body = {"name": "ops", "scopes": ["admin"], "expires_in_days": 30}
    await admin.call("POST", "/api/v1/users/me/api-keys", body)
    return await admin.find_id(AccessToken, AccessToken.name == "ops")


WRITES = [
    Write("provider.create", "provider", "api", "post", nothing, api_create_provider),
    Write("provider.create", "provider", "dashboard", "new", nothing, form_create_provider),
    Write("provider.update", "provider", "api", "patch", a_provider, api_update_provider),
    Write("provider.update", "provider", "api", "default", a_provider, api_set_task_default),
    Write("provider.update", "provider", "dashboard", "edit", a_provider, form_update_provider),
    Write("provider.update", "provider", "dashboard", "default", a_provider, form_set_task_default),
    Write("provider.activate", "provider", "dashboard", "on", an_inactive_provider, form_activate),
    Write("provider.deactivate", "provider", "api", "post", a_provider, api_deactivate),
    Write("provider.deactivate", "provider", "dashboard", "off", a_provider, form_deactivate),
    Write("provider.delete", "provider", "api", "delete", a_provider, api_delete_provider),
    Write("provider.delete", "provider", "dashboard", "delete", a_provider, form_delete_provider),
    Write("routing.update", "routing_rule", "api", "tier", a_provider, api_replace_rule),
    Write("routing.update", "routing_rule", "api", "any", a_rule, api_replace_any_tier_rule),
    Write("routing.update", "routing_rule", "dashboard", "add", a_provider, form_add_candidate),
    Write("routing.update", "routing_rule", "dashboard", "remove", a_rule, form_remove_candidate),
    Write("routing.update", "routing_rule", "dashboard", "move", a_rule, form_move_candidate),
    Write("routing.update", "routing_rule", "dashboard", "model", a_rule, form_set_model),
    Write("model_alias.create", "model_alias", "api", "post", nothing, api_create_alias),
    Write("model_alias.delete", "model_alias", "api", "delete", an_alias, api_delete_alias),
    Write("quota.set", "quota_limit", "api", "new", nothing, api_set_limit),
    Write("quota.set", "quota_limit", "api", "change", a_limit, api_set_limit),
    Write("quota.set", "quota_limit", "dashboard", "new", nothing, form_set_limit),
    Write("quota.delete", "quota_limit", "api", "delete", a_limit, api_delete_limit),
    Write("quota.delete", "quota_limit", "dashboard", "delete", a_limit, form_delete_limit),
    Write("price.set", "model_price", "api", "put", nothing, api_set_price),
    Write("price.set", "model_price", "dashboard", "save", a_price, form_set_price),
    Write("price.delete", "model_price", "api", "delete", a_price, api_delete_price),
    Write("price.delete", "model_price", "dashboard", "delete", a_price, form_delete_price),
    Write("user.update", "user", "api", "patch", a_member, api_update_user),
    Write("user.update", "user", "dashboard", "save", a_member, form_update_user),
    Write("api_key.create_admin", "api_key", "api", "post", nothing, api_create_admin_key),
]


async def last_entry_id(app: Any) -> int:
    async with app.state.sessions() as session:
        return int(await session.scalar(select(func.max(AuditEntry.id))) or 0)


async def entries_after(app: Any, mark: int) -> list[tuple[str, str, str, str | None]]:
    async with app.state.sessions() as session:
        found = await session.scalars(
            select(AuditEntry).where(AuditEntry.id > mark).order_by(AuditEntry.id)
        )
        return [(e.action, e.actor_email, e.target_type, e.target_id) for e in found]


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.name)
async def test_every_admin_write_is_audited_once(
    write: Write, client: httpx2.AsyncClient, app: Any
) -> None:
    admin = await Admin.signed_in(client, app, write.surface)
    prepared = await write.prepare(admin)
    mark = await last_entry_id(app)
    target = await write.run(admin, prepared)
    made = await entries_after(app, mark)
    assert made == [(write.action, ADMIN_EMAIL, write.target_type, target)]


def test_each_action_is_tried_on_every_surface_that_makes_it() -> None:
    surfaces: dict[str, set[str]] = {}
    for write in WRITES:
        surfaces.setdefault(write.action, set()).add(write.surface)
    one_surface = {
        "model_alias.create": {"api"},
        "model_alias.delete": {"api"},
        "api_key.create_admin": {"api"},
        "provider.activate": {"dashboard"},
    }
    for action, found in surfaces.items():
        assert found == one_surface.get(action, {"api", "dashboard"}), action
