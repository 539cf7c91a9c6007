"""The provider form's timeout fields, and the list of model aliases."""

from typing import Any

from sqlalchemy import select

from kazi.enums import TaskType
from kazi.gateway.models import ModelAlias
from kazi.providers.models import AIProviderConfig
from tests.admin.conftest import Dashboard
from tests.admin.test_admin_secrets import provider_form

KEY = "sk-dashboard-Tm12Tm34Tm56-Tm01"


async def _stored(app: Any) -> AIProviderConfig:
    async with app.state.sessions() as session:
        config = await session.scalar(select(AIProviderConfig))
    assert config is not None
    return config


async def test_timeouts_are_set_shown_and_cleared_on_the_form(
    dashboard: Dashboard, app: Any
) -> None:
    form = {**provider_form("main", KEY), "connect_timeout_s": "2.5", "total_timeout_s": "40"}
    assert (await dashboard.post("/admin/providers/new", form)).status_code == 303
    config = await _stored(app)
    limits = (config.connect_timeout_s, config.first_byte_timeout_s, config.total_timeout_s)
    assert limits == (2.5, None, 40)

    page = await dashboard.page(f"/admin/providers/{config.id}")
    assert 'name="connect_timeout_s" value="2.5"' in page.text
    assert 'name="first_byte_timeout_s" value=""' in page.text
    assert 'name="total_timeout_s" value="40"' in page.text

    cleared = {**provider_form("main", ""), "total_timeout_s": "40"}
    assert (await dashboard.post(f"/admin/providers/{config.id}", cleared)).status_code == 303
    config = await _stored(app)
    limits = (config.connect_timeout_s, config.first_byte_timeout_s, config.total_timeout_s)
    assert limits == (None, None, 40)


async def test_a_connect_limit_above_the_total_is_refused_on_the_form(
    dashboard: Dashboard, app: Any
) -> None:
    form = {**provider_form("main", KEY), "connect_timeout_s": "90", "total_timeout_s": "30"}
    answer = await dashboard.post("/admin/providers/new", form)
    assert answer.status_code == 422
    assert "connect_timeout_s" in answer.text
    async with app.state.sessions() as session:
        assert await session.scalar(select(AIProviderConfig)) is None


async def test_the_aliases_page_lists_the_aliases(dashboard: Dashboard, app: Any) -> None:
    empty = await dashboard.page("/admin/aliases")
    assert "No aliases yet" in empty.text
    async with app.state.sessions() as session, session.begin():
        session.add(ModelAlias(alias="gpt-4o-mini", task_type=TaskType.CHAT))
    page = await dashboard.page("/admin/aliases")
    assert "<code>gpt-4o-mini</code>" in page.text
    assert "<code>kazi/chat</code>" in page.text
