"""Fuzzes every operation of Kazi's own OpenAPI document, as an admin and as a user.

Schemathesis generates valid and invalid requests from the document; each answer must
not be a server error and must match what the document says (status, content type,
headers, body schema). The app under test runs on Schemathesis' own event loop with an
engine of its own, against the test database. Before each operation and account the
state the fuzzing may have changed is put back: accounts active with their roles, fresh
tokens, only the chat provider (pointed at the fake vendors), no routing rules or
quotas. Page fetches are refused without network access. Rate limits are off, as in
every test outside tests/scaling: most generated sign-ins would be answered 429.
"""

import asyncio
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS
from schemathesis.python import asgi
from sqlalchemy import delete, update

from kazi.enums import Role, TaskType
from kazi.jobs import service as job_service
from kazi.jobs.fetcher import FetchError, FetchErrorCode
from kazi.kit.config import Settings
from kazi.llm.registry import ProviderType
from kazi.main import create_app
from kazi.providers.models import AIProviderConfig, ModelPriceOverride, ProviderTaskDefault
from kazi.quotas.models import QuotaCounter, QuotaLimit
from kazi.routing.models import RoutingCandidate
from kazi.users.models import User
from tests.fakes.plugin import LiveFleet
from tests.helpers import login, register
from tests.routing.conftest import add_provider

MAX_EXAMPLES = 15  # per operation, generation mode and account
# A user is refused every admin route before its input is read: a few examples suffice.
ADMIN_ROUTE_EXAMPLES_AS_USER = 3
SEED = 20_260_301
MIN_EXAMPLES = 1_500
# Both databases by default (about 30 s each); KAZI_FUZZ_BACKENDS=sqlite narrows it.
BACKENDS = os.environ.get("KAZI_FUZZ_BACKENDS", "sqlite,postgresql").split(",")
ACCOUNTS = {"admin": "fuzz-admin@example.com", "user": "fuzz-user@example.com"}
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECK_NAMES = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
_RESET_TABLES = (
    RoutingCandidate,
    QuotaCounter,
    QuotaLimit,
    ProviderTaskDefault,
    ModelPriceOverride,
    AIProviderConfig,
)


@dataclass
class Findings:
    examples: Counter[str] = field(default_factory=Counter)  # per account
    statuses: Counter[str] = field(default_factory=Counter)  # "account status"
    failures: list[str] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)


@dataclass
class World:
    """Puts back what fuzzing may change; runs on the test's own event loop."""

    app: Any
    client: httpx2.AsyncClient
    fleet: LiveFleet

    async def create(self) -> None:
        for account, email in ACCOUNTS.items():
            await register(self.client, email)
            if account == "admin":
                await self._set(email, role=Role.ADMIN)

    async def reset(self) -> dict[str, dict[str, str]]:
        async with self.app.state.sessions() as session, session.begin():
            for model in _RESET_TABLES:
                await session.execute(delete(model))
        await add_provider(
            self.app, self.fleet, ProviderType.OPENAI, "fuzz-chat", default_for=[TaskType.CHAT]
        )
        await self._set(ACCOUNTS["admin"], role=Role.ADMIN)
        await self._set(ACCOUNTS["user"], role=Role.USER)
        return {
            account: {"Authorization": f"Bearer {await login(self.client, email)}"}
            for account, email in ACCOUNTS.items()
        }

    async def _set(self, email: str, role: Role) -> None:
        values = {"role": role, "is_active": True, "tier": "free"}
        async with self.app.state.sessions() as session, session.begin():
            await session.execute(update(User).where(User.email == email).values(**values))


async def _no_network(url: str, **_options: Any) -> Any:
    raise FetchError(FetchErrorCode.UNREACHABLE)


async def test_every_operation_as_admin_and_as_user(
    app: Any,
    client: httpx2.AsyncClient,
    settings: Settings,
    fake_fleet: LiveFleet,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    backend = settings.resolved_database_url.partition("+")[0]
    if backend not in BACKENDS:
        pytest.skip(f"fuzzing runs on {', '.join(BACKENDS)} (KAZI_FUZZ_BACKENDS)")
    monkeypatch.setattr(job_service, "fetch_page", _no_network)
    world = World(app, client, fake_fleet)
    await world.create()
    loop = asyncio.get_running_loop()

    def reset() -> dict[str, dict[str, str]]:
        return asyncio.run_coroutine_threadsafe(world.reset(), loop).result()

    fuzz_app = create_app(settings)  # its engine connects on Schemathesis' event loop
    try:
        findings = await asyncio.to_thread(_fuzz_all, fuzz_app, reset)
    finally:
        await asyncio.to_thread(asgi.shutdown_lifespans)
    total = sum(findings.examples.values())
    request.node.user_properties.append(("fuzz_examples", total))
    for account, count in sorted(findings.examples.items()):
        request.node.user_properties.append((f"fuzz_examples_{account}", count))
    request.node.user_properties.append(("fuzz_statuses", dict(sorted(findings.statuses.items()))))
    assert not findings.failures, "\n".join(findings.failures)
    assert total >= MIN_EXAMPLES
    # Both accounts were signed in: each read its own profile and the admin listed users.
    assert findings.statuses["admin 200"] > 0
    assert findings.statuses["user 200"] > 0
    assert findings.statuses["user 403"] > 0  # the admin routes refused the user


def _fuzz_all(app: Any, reset: Callable[[], dict[str, dict[str, str]]]) -> Findings:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    findings = Findings()
    for result in schema.get_all_operations():
        operation = result.ok()
        for account in ACCOUNTS:
            headers = reset()[account]
            for mode in MODES:
                _fuzz_operation(operation, mode, account, headers, findings)
    return findings


def _fuzz_operation(
    operation: Any, mode: GenerationMode, account: str, headers: dict[str, str], found: Findings
) -> None:
    checks = [CHECKS.get_one(name) for name in CHECK_NAMES]
    label = f"{operation.label} [{mode.value}, {account}]"
    refused = account != "admin" and operation.path.startswith("/api/v1/admin")

    @seed(SEED)
    @hypothesis_settings(
        max_examples=ADMIN_ROUTE_EXAMPLES_AS_USER if refused else MAX_EXAMPLES,
        phases=[Phase.explicit, Phase.generate],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def examples(case: Any) -> None:
        found.examples[account] += 1
        try:
            response = case.call(headers=headers)
        except Exception as error:  # the app answered 500 and re-raised to its server
            found.statuses[f"{account} 500"] += 1
            found.failures.append(_failure(label, f"500: {error!r}", case, headers))
            return
        found.statuses[f"{account} {response.status_code}"] += 1
        try:
            case.validate_response(response, checks=checks, headers=headers)
        except (AssertionError, BaseExceptionGroup) as failure:
            found.failures.append(_failure(label, str(failure), case, headers))

    try:
        examples()
    except Unsatisfiable:
        found.unsatisfiable.append(label)


def _failure(label: str, what: str, case: Any, headers: dict[str, str]) -> str:
    reproduce = case.as_curl_command(headers={**headers, "Authorization": "Bearer TOKEN"})
    return f"{label}: {what}\n  reproduce: {reproduce}"
