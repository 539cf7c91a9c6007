"""`kazi create-admin`, then that admin logs in and changes another user's tier."""

import io
from typing import Any

import httpx2
import pytest

from tests.conftest import TEST_SECRET
from tests.helpers import login, new_user
from tests.providers.test_secrets import _kazi, _use_env


async def test_create_admin_then_change_a_tier(
    client: httpx2.AsyncClient, app: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    password = "a long admin passphrase"
    _use_env(monkeypatch, app, TEST_SECRET)
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert await _kazi("create-admin", "--email", "Boss@Example.com") == 0
    printed = capsys.readouterr()
    assert "created administrator boss@example.com" in printed.out
    assert password not in printed.out + printed.err

    admin = {"Authorization": f"Bearer {await login(client, 'boss@example.com', password)}"}
    me = await client.get("/api/v1/users/me", headers=admin)
    assert me.json()["data"]["role"] == "admin"
    user_id, _ = await new_user(client, "member@example.com")
    changed = await client.patch(
        f"/api/v1/admin/users/{user_id}", json={"tier": "pro"}, headers=admin
    )
    assert changed.status_code == 200
    assert changed.json()["data"]["tier"] == "pro"

    again = await _kazi("create-admin", "--email", "boss@example.com", "--password", password)
    assert again == 1
    assert "already exists" in capsys.readouterr().err


async def test_production_refuses_a_weak_secret(
    app: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _use_env(monkeypatch, app, "changeme")
    monkeypatch.setenv("KAZI_ENV", "production")
    assert await _kazi("migrate") == 2
    err = capsys.readouterr().err
    assert "KAZI_SECRET_KEY" in err
    assert "changeme" not in err
