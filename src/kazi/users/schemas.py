"""API shapes for users and authentication."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from kazi.domain import Role, Tier

Password = Annotated[str, Field(min_length=10, max_length=256)]


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
