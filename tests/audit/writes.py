"""Every administrative write, as the admin API and the dashboard make it.

A write's `prepare` puts what it needs in the database directly (so nothing is audited
yet); `run` makes the change the way an administrator does and answers the id of the
audited target.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx2
from sqlalchemy import select

from kazi.enums import ANY_TIER, Role
from kazi.gateway.models import ModelAlias
from kazi.providers.models import AIProviderConfig, ModelPriceOverride
from kazi.quotas.models import QuotaLimit
from kazi.routing.models import RoutingCandidate
from kazi.routing.repository import RoutingRepository
from tests.admin.conftest import ADMIN_EMAIL, Dashboard, add_provider, add_user, sign_in
from tests.helpers import login

KEY = "sk-audited-Ab12Cd34Ef56-Kz01"
MEMBER_EMAIL = "member@example.com"


@dataclass
class Admin:
    """The one administrator, signed in for the API (bearer) or the dashboard (cookie)."""

    client: httpx2.AsyncClient
    app: Any
    headers: dict[str, str]
    dashboard: Dashboard

    @classmethod
    async def signed_in(cls, client: httpx2.AsyncClient, app: Any, surface: str) -> "Admin":
        await add_user(app, ADMIN_EMAIL, Role.ADMIN)
        headers: dict[str, str] = {}
        if surface == "api":
            headers = {"Authorization": f"Bearer {await login(client, ADMIN_EMAIL)}"}
        else:
            assert (await sign_in(client, ADMIN_EMAIL)).status_code == 303
        return cls(client, app, headers, Dashboard(client))

    async def call(self, method: str, path: str, body: Any = None) -> httpx2.Response:
        answer = await self.client.request(method, path, json=body, headers=self.headers)
        assert answer.is_success, (path, answer.status_code, answer.text)
        return answer

    async def submit(self, path: str, form: dict[str, Any] | None = None) -> None:
        answer = await self.dashboard.post(path, form)
        assert answer.status_code == 303, (path, answer.status_code, answer.text[:500])

    async def add(self, *rows: Any) -> list[int]:
        async with self.app.state.sessions() as session, session.begin():
            session.add_all(rows)
            await session.flush()
            return [row.id for row in rows]

    async def find_id(self, model: Any, *where: Any) -> str:
        async with self.app.state.sessions() as session:
            found = await session.scalar(select(model.id).where(*where))
        assert found is not None
        return str(found)


Prepare = Callable[[Admin], Awaitable[Any]]
Run = Callable[[Admin, Any], Awaitable[str]]


@dataclass(frozen=True)
class Write:
    action: str
    target_type: str
    surface: str  # "api" or "dashboard"
    form: str  # which request makes it, for the test's id
    prepare: Prepare
    run: Run

    @property
    def name(self) -> str:
        return f"{self.action}.{self.surface}.{self.form}"


async def nothing(admin: Admin) -> None:
    return None


async def a_provider(admin: Admin) -> int:
    return await add_provider(admin.app, "seeded", "gpt-4o-mini")


async def an_inactive_provider(admin: Admin) -> int:
    provider_id = await a_provider(admin)
    async with admin.app.state.sessions() as session, session.begin():
        config = await session.get(AIProviderConfig, provider_id)
        assert config is not None
        config.is_active = False
    return provider_id


async def a_rule(admin: Admin) -> int:
    """A provider and the rule for chat on any tier: that provider twice, in order."""
    provider_id = await a_provider(admin)
    rows = [
        RoutingCandidate(
            task_type="chat", tier=ANY_TIER, position=n, provider_config_id=provider_id, options={}
        )
        for n in range(2)
    ]
    async with admin.app.state.sessions() as session, session.begin():
        await RoutingRepository(session).replace_rule("chat", ANY_TIER, rows)
    return provider_id


async def a_limit(admin: Admin) -> int:
    limit = QuotaLimit(tier="free", task_type="cv_draft", period="day", max_calls=5)
    return (await admin.add(limit))[0]


async def a_price(admin: Admin) -> int:
    price = ModelPriceOverride(
        model_name="vendor/model", input_micro_usd_per_mtok=1, output_micro_usd_per_mtok=2
    )
    return (await admin.add(price))[0]


async def an_alias(admin: Admin) -> int:
    return (await admin.add(ModelAlias(alias="gpt-4o", task_type="chat")))[0]


async def a_member(admin: Admin) -> int:
    return await add_user(admin.app, MEMBER_EMAIL)
