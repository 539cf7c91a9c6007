"""`kazi create-admin`, then that admin logs in and changes another user's tier."""

import asyncio
import os
import sys
from pathlib import Path

import httpx2

from kazi.config import Settings
from tests.helpers import login, new_user


async def _kazi(settings: Settings, *args: str, stdin: str = "") -> tuple[int, str, str]:
    env = {
        **os.environ,
        "KAZI_ENV": "test",
        "KAZI_SECRET_KEY": settings.secret,
        "KAZI_DATABASE_URL": settings.resolved_database_url,
        "KAZI_DATA_DIR": str(settings.data_dir),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kazi.cli",
        *args,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(stdin.encode())
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_create_admin_then_change_a_tier(
    client: httpx2.AsyncClient, settings: Settings
) -> None:
    password = "a long admin passphrase"
    code, out, err = await _kazi(
        settings, "create-admin", "--email", "Boss@Example.com", stdin=password + "\n"
    )
    assert code == 0, err
    assert "created administrator boss@example.com" in out
    assert password not in out + err

    admin = {"Authorization": f"Bearer {await login(client, 'boss@example.com', password)}"}
    me = await client.get("/api/v1/users/me", headers=admin)
    assert me.json()["data"]["role"] == "admin"
    user_id, _ = await new_user(client, "member@example.com")
    changed = await client.patch(
        f"/api/v1/admin/users/{user_id}", json={"tier": "pro"}, headers=admin
    )
    assert changed.status_code == 200
    assert changed.json()["data"]["tier"] == "pro"

    again, _, err = await _kazi(
        settings, "create-admin", "--email", "boss@example.com", "--password", password
    )
    assert again == 1
    assert "already exists" in err


async def test_production_refuses_a_weak_secret(settings: Settings, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KAZI_ENV": "production",
        "KAZI_SECRET_KEY": "changeme",
        "KAZI_DATA_DIR": str(tmp_path),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kazi.cli",
        "migrate",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await process.communicate()
    assert process.returncode == 2
    assert "KAZI_SECRET_KEY" in err.decode()
    assert "changeme" not in err.decode()
