"""A provider's key is write-only: no page, form, export or audit entry ever shows it."""

import json
from typing import Any

from sqlalchemy import select

from kazi.audit.models import AuditEntry
from kazi.providers.keys import key_box, read_key
from kazi.providers.models import AIProviderConfig
from tests.admin.conftest import Dashboard
from tests.admin.test_admin_authorization import PAGES

FIRST_KEY = "sk-first-Zq8Lw2Rt5Yp1-K3yA"
DUPLICATE_KEY = "sk-duplicate-Hh7Nn3Mm9Bb4-K3yB"
REJECTED_KEY = "sk-rejected-Uu6Ii2Oo8Pp0-K3yC"
KEYS = (FIRST_KEY, DUPLICATE_KEY, REJECTED_KEY)


def provider_form(name: str, key: str, base_url: str = "http://127.0.0.1:9/v1") -> dict[str, str]:
    return {
        "provider_type": "openai",
        "name": name,
        "model_name": "gpt-4o-mini",
        "api_key": key,
        "setting_base_url": base_url,
        "is_active": "on",
    }


def assert_no_key(text: str, where: str) -> None:
    for key in KEYS:
        assert key not in text, where
        assert key[:-4] not in text, where  # nor most of it


async def test_the_key_never_appears_in_a_page(dashboard: Dashboard, app: Any) -> None:
    created = await dashboard.post("/admin/providers/new", provider_form("main", FIRST_KEY))
    assert created.status_code == 303
    async with app.state.sessions() as session:
        config = await session.scalar(select(AIProviderConfig))
    assert config is not None
    assert config.api_key_hint == "…K3yA"
    assert FIRST_KEY not in json.dumps(config.settings)

    duplicate = await dashboard.post("/admin/providers/new", provider_form("main", DUPLICATE_KEY))
    assert duplicate.status_code == 409
    assert "A provider with this name already exists." in duplicate.text
    assert 'name="api_key" value=""' in duplicate.text
    assert_no_key(duplicate.text, "the refused new provider form")

    rejected = await dashboard.post(
        f"/admin/providers/{config.id}", provider_form("main", REJECTED_KEY, "ftp://nowhere")
    )
    assert rejected.status_code == 422
    assert "base_url must be an absolute http:// or https:// URL" in rejected.text
    assert_no_key(rejected.text, "the refused edit form")

    listing = await dashboard.page("/admin/providers")
    assert "…K3yA" in listing.text
    for page in PAGES:
        answer = await dashboard.client.get(page.format(provider_id=config.id))
        assert answer.status_code in (200, 303), page
        assert_no_key(answer.text, page)

    async with app.state.sessions() as session:
        entries = (await session.scalars(select(AuditEntry))).all()
    assert [entry.action for entry in entries] == ["provider.create"]
    assert_no_key(json.dumps([e.before for e in entries] + [e.after for e in entries]), "audit")


async def test_an_empty_key_field_keeps_the_stored_key(dashboard: Dashboard, app: Any) -> None:
    await dashboard.post("/admin/providers/new", provider_form("main", FIRST_KEY))
    async with app.state.sessions() as session:
        config = await session.scalar(select(AIProviderConfig))
    assert config is not None
    edit = await dashboard.page(f"/admin/providers/{config.id}")
    assert "…K3yA stored; leave empty to keep it" in edit.text
    assert_no_key(edit.text, "the edit form")
    kept = await dashboard.post(
        f"/admin/providers/{config.id}", {**provider_form("main", ""), "model_name": "gpt-4o"}
    )
    assert kept.status_code == 303
    async with app.state.sessions() as session:
        again = await session.get(AIProviderConfig, config.id)
    assert again is not None
    assert (again.model_name, again.api_key_hint) == ("gpt-4o", "…K3yA")
    stored = read_key(key_box(app.state.settings), again)
    assert stored is not None
    assert stored.get_secret_value() == FIRST_KEY
