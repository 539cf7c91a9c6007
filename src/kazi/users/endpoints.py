"""Auth, the current user and admin user management."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from kazi.kit.deps import SessionDep, SettingsDep
from kazi.kit.http import Envelope, PageOffset, RowId, ok
from kazi.ratelimit.throttle import AuthLimitsDep
from kazi.users.dependencies import AdminUser, AuthDep, ReadingUser
from kazi.users.schemas import (
    Credentials,
    LoginCredentials,
    RegistrationOut,
    TokenOut,
    UserOut,
    UserPage,
    UserUpdate,
)
from kazi.users.service import UserService

auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
users_router = APIRouter(prefix="/api/v1/users", tags=["users"])
admin_users_router = APIRouter(prefix="/api/v1/admin/users", tags=["admin"])
REGISTERED = (
    "Unless this address already had an account, one has been made for it. "
    "Sign in with the address and your password."
)


@auth_router.post("/register", status_code=201)
async def register(
    body: Credentials, session: SessionDep, limits: AuthLimitsDep
) -> Envelope[RegistrationOut]:
    """Creates the account unless the address has one already; the answer is the same
    either way. Sign in with `POST /api/v1/auth/login` next."""
    await limits.registration(body.email)
    await UserService(session).register_quietly(body.email, body.password)
    return ok(RegistrationOut(email=body.email.lower(), message=REGISTERED))


@auth_router.post("/login")
async def login(
    body: LoginCredentials, session: SessionDep, settings: SettingsDep, limits: AuthLimitsDep
) -> Envelope[TokenOut]:
    await limits.login(body.email)
    ttl = timedelta(hours=settings.token_ttl_hours)
    plain, token = await UserService(session).login(body.email, body.password, ttl)
    assert token.expires_at is not None
    return ok(TokenOut(access_token=plain, expires_at=token.expires_at))


@auth_router.post("/logout")
async def logout(auth: AuthDep, session: SessionDep) -> Envelope[dict[str, bool]]:
    await UserService(session).revoke(auth.token.id, auth.user.id)
    return ok({"revoked": True})


@users_router.get("/me")
async def me(user: ReadingUser) -> Envelope[UserOut]:
    return ok(UserOut.model_validate(user))


@admin_users_router.get("")
async def list_users(
    _admin: AdminUser,
    session: SessionDep,
    offset: PageOffset = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Envelope[UserPage]:
    users, total = await UserService(session).page(offset, limit)
    items = [UserOut.model_validate(u) for u in users]
    return ok(UserPage(items=items, total=total, offset=offset, limit=limit))


@admin_users_router.patch("/{user_id}")
async def update_user(
    user_id: RowId, body: UserUpdate, admin: AdminUser, session: SessionDep
) -> Envelope[UserOut]:
    user = await UserService(session).update(user_id, body, actor=admin)
    return ok(UserOut.model_validate(user))
