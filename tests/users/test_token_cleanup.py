"""Each sign-in deletes the user's dead sessions, so the token table holds live ones only;
API keys and other users' tokens are left alone."""

from datetime import timedelta
from typing import Any

import httpx2
from sqlalchemy import select, update

from kazi.kit.db import utcnow
from kazi.users.models import AccessToken
from tests.helpers import login, new_user


async def _tokens(app: Any, user_id: int) -> list[tuple[str, bool, bool]]:
    """(kind, expired, revoked) of every token row of the user, oldest first."""
    now = utcnow()
    async with app.state.sessions() as session:
        rows = await session.scalars(
            select(AccessToken).where(AccessToken.user_id == user_id).order_by(AccessToken.id)
        )
        return [
            (t.kind, t.expires_at is not None and t.expires_at <= now, t.revoked_at is not None)
            for t in rows
        ]


async def _expire_sessions(app: Any, user_id: int) -> None:
    async with app.state.sessions() as session, session.begin():
        await session.execute(
            update(AccessToken)
            .where(AccessToken.user_id == user_id, AccessToken.kind == "session")
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )


async def test_signing_in_deletes_expired_and_revoked_sessions(
    app: Any, client: httpx2.AsyncClient
) -> None:
    user_id, headers = await new_user(client, "njeri@example.com")
    other_id, _ = await new_user(client, "otieno@example.com")
    created = await client.post("/api/v1/users/me/api-keys", json={"name": "ci"}, headers=headers)
    key_id = created.json()["data"]["id"]
    revoked = await client.delete(f"/api/v1/users/me/api-keys/{key_id}", headers=headers)
    assert revoked.status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 200
    assert await _tokens(app, user_id) == [("session", False, True), ("api_key", False, True)]

    await login(client, "njeri@example.com")  # the logged-out session goes
    assert await _tokens(app, user_id) == [("api_key", False, True), ("session", False, False)]

    await _expire_sessions(app, user_id)
    await _expire_sessions(app, other_id)
    await login(client, "njeri@example.com")  # the expired one goes; a live one remains
    assert await _tokens(app, user_id) == [("api_key", False, True), ("session", False, False)]
    assert await _tokens(app, other_id) == [("session", True, False)]  # not theirs to clear
