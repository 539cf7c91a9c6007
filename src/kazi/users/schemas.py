"""API shapes for users and authentication."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from kazi.enums import Role, Tier
from kazi.kit.limits import NoControlChars
from kazi.users.models import AccessToken, ApiScope

Password = Annotated[str, Field(min_length=10, max_length=256)]
ADMIN_KEY_MAX_DAYS = 90
DEFAULT_SCOPES = [ApiScope.GATEWAY, ApiScope.USAGE]


class Credentials(BaseModel):
    email: EmailStr
    password: Password


class RegistrationOut(BaseModel):
    """The same for a new and an existing address, so it reveals who has an account."""

    email: str
    message: str


class LoginCredentials(BaseModel):
    email: EmailStr
    password: Annotated[str, Field(min_length=1, max_length=256)]


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105
    expires_at: datetime


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    role: Role
    tier: Tier
    is_active: bool
    created_at: datetime


class UserPage(BaseModel):
    items: list[UserOut]
    total: int
    offset: int
    limit: int


class UserUpdate(BaseModel):
    """What an admin may change about a user; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    tier: Tier | None = None
    role: Role | None = None
    is_active: bool | None = None


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoControlChars
    ]
    scopes: Annotated[list[ApiScope], Field(min_length=1, max_length=3)] = Field(
        default_factory=lambda: list(DEFAULT_SCOPES),
        description="gateway, usage, and admin (administrators only, with an expiry)",
    )
    expires_in_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        None, description=f"Required with the admin scope, at most {ADMIN_KEY_MAX_DAYS}."
    )


class ApiKeyOut(BaseModel):
    id: int
    name: str
    last4: str
    scopes: list[ApiScope]
    expires_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, token: AccessToken) -> "ApiKeyOut":
        return cls(
            id=token.id,
            name=token.name or "",
            last4=token.last4,
            scopes=[ApiScope(scope) for scope in (token.scopes or "").split()],
            expires_at=token.expires_at,
            created_at=token.created_at,
        )


class NewApiKeyOut(ApiKeyOut):
    key: Annotated[str, Field(description="The key itself; shown only this once.")]
