"""One Settings object, read from the environment (KAZI_ prefix) and an optional .env file."""

import logging
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from kazi.kit.cpu import PoolKind

logger = logging.getLogger(__name__)

MIN_SECRET_LENGTH = 32
_KNOWN_DEFAULTS = {"changeme", "secret", "change-me", "dev", "development", "your-secret-key"}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KAZI_", env_file=".env", extra="ignore")

    env: Environment = Environment.DEVELOPMENT
    secret_key: SecretStr | None = None
    # Older secrets, newest first, still accepted for decryption until `kazi rotate-keys`.
    secret_key_previous: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    data_dir: Path = Path("var")
    database_url: str | None = None
    database_pool_size: int = 10
    host: str = "127.0.0.1"
    port: int = 8000
    max_body_bytes: int = 12 * 1024 * 1024
    token_ttl_hours: int = 24 * 14
    fetch_allow_private: bool = False
    # /docs, /redoc and /openapi.json; unset: on in development and test, off in production.
    docs: bool | None = None
    # Ports a job link may name; others are refused before any connection is made.
    fetch_allowed_ports: Annotated[list[Annotated[int, Field(ge=1, le=65535)]], NoDecode] = Field(
        default_factory=lambda: [80, 443]
    )
    # CPU-heavy work (validation, built-in generation, export) runs in this pool (kazi.kit.cpu).
    cpu_pool: PoolKind = PoolKind.PROCESS
    cpu_workers: int = Field(default=2, ge=1, le=64)
    cpu_deadline_s: float = Field(default=30.0, gt=0)
    metrics_token: SecretStr | None = None
    redis_url: str | None = None
    redis_key_prefix: str = "kazi:"
    # Longest a usage row waits to be written when fewer than a batch are queued.
    usage_flush_interval_s: float = 10.0
    usage_batch_size: int = 200
    usage_retention_days: int = Field(default=90, ge=1)
    workers: int = Field(default=1, ge=1)
    # Honour X-Forwarded-For only behind a proxy that sets it: otherwise clients choose
    # the address that per-address rate limits count.
    trust_proxy_headers: bool = False
    # Requests per minute; 0 turns that limit off (see kazi.ratelimit.limiter).
    rate_limits_enabled: bool = True
    rate_limit_login_per_address: int = Field(default=10, ge=0)
    rate_limit_login_per_email: int = Field(default=5, ge=0)
    rate_limit_register_per_address: int = Field(default=10, ge=0)
    rate_limit_register_per_email: int = Field(default=3, ge=0)
    rate_limit_ai_free: int = Field(default=10, ge=0)
    rate_limit_ai_pro: int = Field(default=30, ge=0)
    rate_limit_ai_premium: int = Field(default=60, ge=0)
    # The web app's address as users reach it: links in e-mails start with it (never
    # with the request's Host header, which a client chooses).
    public_url: str | None = None
    # Outgoing e-mail (password reset). Without a host, the app says reset is unavailable.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "kazi@localhost"
    smtp_starttls: bool = True
    smtp_timeout_s: float = 10.0

    @model_validator(mode="before")
    @classmethod
    def _split_previous_secrets(cls, data: dict[str, object]) -> dict[str, object]:
        raw = data.get("secret_key_previous") if isinstance(data, dict) else None
        if isinstance(raw, str):
            data["secret_key_previous"] = [s.strip() for s in raw.split(",") if s.strip()]
        ports = data.get("fetch_allowed_ports") if isinstance(data, dict) else None
        if isinstance(ports, str):
            data["fetch_allowed_ports"] = [p.strip() for p in ports.split(",") if p.strip()]
        return data

    @model_validator(mode="after")
    def _require_strong_secret(self) -> Self:
        if self.env is Environment.DEVELOPMENT and self.secret_key is None:
            self.secret_key = SecretStr(_local_dev_secret(self.data_dir))
        key = self.secret_key.get_secret_value() if self.secret_key else ""
        if len(key) < MIN_SECRET_LENGTH or key.lower() in _KNOWN_DEFAULTS:
            raise ValueError(
                f"KAZI_SECRET_KEY must be a random value of at least {MIN_SECRET_LENGTH} "
                "characters, e.g.: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        return self

    @property
    def docs_enabled(self) -> bool:
        return self.docs if self.docs is not None else self.env is not Environment.PRODUCTION

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'kazi.db').resolve()}"

    @property
    def secret(self) -> str:
        assert self.secret_key is not None  # guaranteed by the validator
        return self.secret_key.get_secret_value()

    @property
    def previous_secrets(self) -> list[str]:
        return [s.get_secret_value() for s in self.secret_key_previous]


def _local_dev_secret(data_dir: Path) -> str:
    """A development secret kept on disk, so restarts keep tokens and stored keys valid."""
    path = data_dir / "dev-secret-key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(value)
    logger.warning("development mode: generated a secret key in %s", path)
    return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
