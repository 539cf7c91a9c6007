"""Provider configurations: create, change, delete, describe and test. Shared by the
admin API, the dashboard and the CLI; an administrator's change writes its audit entry
(the CLI acts for nobody and is not audited)."""

import time
from typing import Any

from pydantic import SecretStr, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from kazi.audit.service import Actor, record
from kazi.kit.db import utcnow
from kazi.kit.errors import Conflict, InvalidInput, NotFound
from kazi.kit.http import describe_validation
from kazi.kit.limits import check_json_value
from kazi.llm import registry
from kazi.llm.errors import ProviderError
from kazi.llm.types import GenerationOptions, Prompt
from kazi.providers.base_url import check_base_url, shown_settings
from kazi.providers.clients import ProviderClients, ProviderSnapshot
from kazi.providers.keys import key_status, read_key, store_key
from kazi.providers.models import AIProviderConfig
from kazi.providers.repository import ProviderRepository
from kazi.providers.schemas import (
    TIMEOUT_FIELDS,
    KeyStatus,
    ProviderCreate,
    ProviderOut,
    ProviderTestResult,
    ProviderUpdate,
)
from kazi.security.crypto import DecryptionFailed, SecretBox

TEST_PROMPT = Prompt(user="Reply with the single word OK.", options=GenerationOptions(max_tokens=5))
TEST_TIMEOUT_S = 20.0
SETTINGS_MAX_CHARS = 10_000


def provider_state(provider: ProviderOut, key_replaced: bool = False) -> dict[str, Any]:
    """What an operator changes on a provider. The key appears only as whether one is set."""
    credential = {
        KeyStatus.OK: "stored",
        KeyStatus.MISSING: "none",
        KeyStatus.NEEDS_RECONFIGURATION: "unreadable",
    }[provider.key_status]
    return {
        "name": provider.name,
        "provider_type": str(provider.provider_type),
        "model_name": provider.model_name,
        "settings": dict(provider.settings),
        "credential": "replaced" if key_replaced else credential,
        "is_active": provider.is_active,
        "is_default": provider.is_default,
        "default_for": [str(task) for task in provider.default_for],
    }


class ProviderService:
    def __init__(self, session: AsyncSession, box: SecretBox) -> None:
        self.session = session
        self.repo = ProviderRepository(session)
        self.box = box

    async def create(self, data: ProviderCreate, actor: Actor | None) -> AIProviderConfig:
        """A new provider; made by an administrator (`actor`), it is audited."""
        config = await self._add(data, None if actor is None else actor.id)
        if actor is not None:
            after = provider_state(await self.describe(config))
            record(self.session, actor, "provider.create", "provider", config.id, None, after)
        return config

    async def update(self, config_id: int, data: ProviderUpdate, actor: Actor) -> AIProviderConfig:
        """An administrator's change, including which tasks the provider is default for."""
        before = provider_state(await self.describe(await self.get(config_id)))
        config = await self._change(config_id, data)
        after = provider_state(await self.describe(config), key_replaced=data.api_key is not None)
        record(self.session, actor, "provider.update", "provider", config_id, before, after)
        return config

    async def set_active(self, config_id: int, active: bool, actor: Actor) -> AIProviderConfig:
        before = provider_state(await self.describe(await self.get(config_id)))
        config = await self._change(config_id, ProviderUpdate(is_active=active))
        after = provider_state(await self.describe(config))
        action = "provider.activate" if active else "provider.deactivate"
        record(self.session, actor, action, "provider", config_id, before, after)
        return config

    async def delete(self, config_id: int, actor: Actor) -> None:
        """Deletes the config; its usage rows stay, with the provider's name kept."""
        config = await self.get(config_id)
        before = provider_state(await self.describe(config))
        await self.repo.delete(config)
        record(self.session, actor, "provider.delete", "provider", config_id, before, None)

    async def _add(self, data: ProviderCreate, created_by_id: int | None) -> AIProviderConfig:
        settings = _validated_settings(data.provider_type, data.settings, data.api_key)
        if await self.repo.by_name(data.name) is not None:
            raise Conflict("A provider with this name already exists.")
        config = AIProviderConfig(
            provider_type=data.provider_type,
            name=data.name,
            model_name=data.model_name,
            settings=settings,
            is_active=data.is_active,
            **{name: getattr(data, name) for name in TIMEOUT_FIELDS},
            created_by_id=created_by_id,
            updated_at=utcnow(),
        )
        await self.repo.add(config)  # the id is needed to bind the ciphertext to this row
        store_key(self.box, config, data.api_key)
        await self._apply_defaults(config, data.is_default, data.default_for)
        return config

    async def _change(self, config_id: int, data: ProviderUpdate) -> AIProviderConfig:
        config = await self.get(config_id)
        if data.name is not None and data.name != config.name:
            if await self.repo.by_name(data.name) is not None:
                raise Conflict("A provider with this name already exists.")
            config.name = data.name
        if data.settings is not None or data.api_key is not None:
            key = data.api_key or self._current_key(config)
            config.settings = _validated_settings(
                config.provider_type, data.settings or config.settings, key
            )
            store_key(self.box, config, key)
        for field in ("model_name", "is_active"):
            if (value := getattr(data, field)) is not None:
                setattr(config, field, value)
        for field in TIMEOUT_FIELDS & data.model_fields_set:
            setattr(config, field, getattr(data, field))
        if not _within(config):
            raise InvalidInput("connect and first-byte timeouts must not exceed the total.")
        await self._apply_defaults(config, data.is_default, data.default_for)
        config.updated_at = utcnow()
        return config

    def _current_key(self, config: AIProviderConfig) -> SecretStr | None:
        try:
            return read_key(self.box, config)
        except DecryptionFailed as exc:
            raise InvalidInput(
                "The stored key no longer decrypts; send a new api_key with this change."
            ) from exc

    async def _apply_defaults(
        self, config: AIProviderConfig, is_default: bool | None, tasks: list[Any] | None
    ) -> None:
        if is_default is not None:
            if is_default:
                await self.repo.clear_global_default()
            config.is_default = is_default
        if tasks is not None:
            await self.repo.set_task_defaults(config.id, [str(t) for t in tasks])

    async def get(self, config_id: int) -> AIProviderConfig:
        config = await self.repo.get(config_id)
        if config is None:
            raise NotFound("No such provider.")
        return config

    async def describe_all(self) -> list[ProviderOut]:
        defaults = await self.repo.task_defaults()
        return [self._describe(c, defaults) for c in await self.repo.all()]

    async def describe(self, config: AIProviderConfig) -> ProviderOut:
        return self._describe(config, await self.repo.task_defaults())

    def _describe(self, config: AIProviderConfig, defaults: dict[str, int]) -> ProviderOut:
        return ProviderOut(
            id=config.id,
            provider_type=registry.ProviderType(config.provider_type),
            name=config.name,
            model_name=config.model_name,
            settings=shown_settings(config.settings),
            api_key_hint=config.api_key_hint,
            key_status=key_status(self.box, config),
            is_active=config.is_active,
            is_default=config.is_default,
            default_for=sorted(t for t, cid in defaults.items() if cid == config.id),
            last_tested_at=config.last_tested_at,
            last_test_ok=config.last_test_ok,
            last_test_latency_ms=config.last_test_latency_ms,
            last_test_error=config.last_test_error,
            connect_timeout_s=config.connect_timeout_s,
            first_byte_timeout_s=config.first_byte_timeout_s,
            total_timeout_s=config.total_timeout_s,
            created_by_id=config.created_by_id,
            created_at=config.created_at,
            updated_at=config.updated_at,
        )

    async def test(self, config_id: int, clients: ProviderClients) -> ProviderTestResult:
        """One minimal real call; the outcome is stored on the config and returned."""
        config = await self.get(config_id)
        started = time.perf_counter()
        result = await _try_call(config, clients)
        result.latency_ms = int((time.perf_counter() - started) * 1000)
        config.last_tested_at = utcnow()
        config.last_test_ok = result.ok
        config.last_test_latency_ms = result.latency_ms
        config.last_test_error = result.error_code
        return result


async def _try_call(config: AIProviderConfig, clients: ProviderClients) -> ProviderTestResult:
    try:
        provider = await clients.get(ProviderSnapshot.of(config))
    except DecryptionFailed:
        return ProviderTestResult(
            ok=False,
            latency_ms=0,
            error_code=KeyStatus.NEEDS_RECONFIGURATION,
            message="The stored key no longer decrypts; enter the key again.",
        )
    try:
        completion = await provider.generate(
            TEST_PROMPT, model=config.model_name, timeout=TEST_TIMEOUT_S
        )
    except ProviderError as exc:
        return ProviderTestResult(ok=False, latency_ms=0, error_code=exc.code, message=exc.message)
    return ProviderTestResult(ok=True, latency_ms=0, model=completion.model)


def _within(config: AIProviderConfig) -> bool:
    total = config.total_timeout_s
    parts = (config.connect_timeout_s, config.first_byte_timeout_s)
    return total is None or all(part is None or part <= total for part in parts)


def _validated_settings(
    provider_type: str, settings: dict[str, Any], key: SecretStr | None
) -> dict[str, Any]:
    """Checks the settings against the adapter's model; returns them without the key."""
    model = registry.settings_model(provider_type)
    if misplaced := sorted(TIMEOUT_FIELDS & settings.keys()):
        raise InvalidInput(
            f"Set {', '.join(misplaced)} as the provider's own field, not a setting."
        )
    candidate = {k: v for k, v in settings.items() if k != "api_key"}
    if key is not None:
        candidate["api_key"] = key
    try:
        check_json_value(settings, SETTINGS_MAX_CHARS, "settings")
        validated = model.model_validate(candidate)
    except ValidationError as exc:
        raise InvalidInput(describe_validation(exc.errors())) from exc
    except ValueError as exc:
        raise InvalidInput(f"settings: {exc}") from exc
    stored = validated.model_dump(mode="json", exclude={"api_key"}, exclude_none=True)
    if isinstance(stored.get("base_url"), str):
        try:
            check_base_url(stored["base_url"])
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
    return stored


async def provider_models(session: AsyncSession) -> list[tuple[str, str]]:
    """(name, model) of every configured provider, for filters and pickers."""
    return [(c.name, c.model_name) for c in await ProviderRepository(session).all()]
