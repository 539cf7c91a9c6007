"""Every command the README shows, run as a new `kazi` process on SQLite and PostgreSQL."""

import asyncio
import signal
import socket
import subprocess
import time
from datetime import timedelta

import httpx2
import pytest
from sqlalchemy.engine import make_url

from kazi.kit.db import create_engine, utcnow
from kazi.usage import repository
from tests.cli.conftest import Cli
from tests.conftest import TEST_SECRET
from tests.fakes.plugin import LiveFleet
from tests.usage.support import make_record

NEW_SECRET = "new-secret-" + "n" * 40


def test_migrate_again_then_create_admins(cli: Cli) -> None:
    assert cli.run("migrate").stdout == "database is at the latest schema\n"  # idempotent
    done = cli.run("create-admin", "--email", "Ops@Example.com", "--password", "long enough 1")
    assert done.stdout.startswith("created administrator ops@example.com (id ")
    cli.run("create-admin", "--email", "second@example.com", stdin="another long one\n")
    rows = cli.query("SELECT email, role FROM users ORDER BY id")
    assert [tuple(r) for r in rows] == [
        ("ops@example.com", "admin"),
        ("second@example.com", "admin"),
    ]

    again = cli.run("create-admin", "--email", "ops@example.com", "--password", "x" * 12, expect=1)
    assert "already" in again.stderr
    assert "Traceback" not in again.stderr
    short = cli.run("create-admin", "--email", "third@example.com", "--password", "short", expect=2)
    assert "at least 10 characters" in short.stderr


def _add_openai(cli: Cli, base_url: str, key: str = "sk-cli-test-4321") -> None:
    done = cli.run(
        "providers", "add", "--type", "openai", "--name", "openai", "--model", "gpt-fake",
        "--base-url", base_url, "--default-for", "extraction", stdin=key + "\n",
    )  # fmt: skip
    assert done.stdout == "added provider 1 (openai, openai, gpt-fake)\n"


def test_providers_add_list_and_test_stores_the_result(cli: Cli, fake_fleet: LiveFleet) -> None:
    _add_openai(cli, fake_fleet.urls.openai)
    cli.run(
        "providers", "add", "--type", "openai_compatible", "--name", "ollama",
        "--model", "llama-fake", "--base-url", _closed_port_url(), "--default",
    )  # fmt: skip
    listing = cli.run("providers", "list").stdout.splitlines()
    assert listing[0].split("\t") == [
        "1", "openai", "openai", "gpt-fake", "key …4321 (ok)", "active",
        "default for: extraction",
    ]  # fmt: skip
    assert listing[1].split("\t")[:5] == [
        "2",
        "ollama",
        "openai_compatible",
        "llama-fake",
        "key - (missing)",
    ]

    ok = cli.run("providers", "test", "1")
    assert ok.stdout.startswith("ok: gpt-fake answered in ")
    failed = cli.run("providers", "test", "2", expect=1)
    assert failed.stderr.startswith("failed: unavailable: ")
    stored = cli.query(
        "SELECT id, last_test_ok, last_test_error, last_tested_at IS NOT NULL "
        "FROM ai_provider_configs ORDER BY id"
    )
    assert [tuple(r) for r in stored] == [(1, True, None, True), (2, False, "unavailable", True)]
    assert "sk-cli-test-4321" not in str(cli.query("SELECT * FROM ai_provider_configs"))


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _ciphertexts(cli: Cli) -> list[str]:
    return [
        r[0] for r in cli.query("SELECT api_key_encrypted FROM ai_provider_configs ORDER BY id")
    ]


def test_rotate_keys_before_and_after_a_secret_change(cli: Cli, fake_fleet: LiveFleet) -> None:
    _add_openai(cli, fake_fleet.urls.openai)
    counts = "re-encrypted: {}, already current: {}, without key: 0, unreadable: 0\n"
    assert cli.run("rotate-keys").stdout == counts.format(0, 1)
    before = _ciphertexts(cli)

    # The secret changes: without the old one as the previous secret, the key is
    # unreadable, and rotate-keys says so and fails.
    cli.env["KAZI_SECRET_KEY"] = NEW_SECRET
    assert "(needs_reconfiguration)" in cli.run("providers", "list").stdout
    unreadable = cli.run("rotate-keys", expect=1)
    assert (
        unreadable.stdout == "re-encrypted: 0, already current: 0, without key: 0, unreadable: 1\n"
    )
    assert _ciphertexts(cli) == before
    cli.env["KAZI_SECRET_KEY_PREVIOUS"] = TEST_SECRET
    assert cli.run("rotate-keys").stdout == counts.format(1, 0)
    assert _ciphertexts(cli) != before
    assert cli.run("rotate-keys").stdout == counts.format(0, 1)

    # The previous secret is dropped: the key still decrypts and still works.
    del cli.env["KAZI_SECRET_KEY_PREVIOUS"]
    assert "key …4321 (ok)" in cli.run("providers", "list").stdout
    fake_fleet.fakes.openai.accepted_keys = {"sk-cli-test-4321"}
    assert cli.run("providers", "test", "1").stdout.startswith("ok: gpt-fake")


def test_prune_usage_deletes_old_rows(cli: Cli) -> None:
    asyncio.run(_usage_rows_aged(cli.database_url, (200, 100, 5)))
    done = cli.run("prune-usage", "--older-than-days", "30", "--batch-size", "1")
    assert done.stdout.startswith("deleted 2 usage rows created before ")
    assert "in 2 batches; 1 rows remain;" in done.stdout
    assert cli.query("SELECT count(*) FROM ai_provider_usage_logs")[0][0] == 1
    bad = cli.run("prune-usage", "--older-than-days", "0", expect=2)
    assert "must be at least 1" in bad.stderr


async def _usage_rows_aged(url: str, ages: tuple[int, ...]) -> None:
    engine = create_engine(url)
    try:
        now = utcnow()
        records = [make_record(created_at=now - timedelta(days=d)) for d in ages]
        await repository.write_batch(engine, records)
    finally:
        await engine.dispose()


def _serve_until_healthy(cli: Cli) -> tuple[int, list[str]]:
    """Starts `kazi serve`, waits for /healthz, stops it; the port and its log lines."""
    port = _free_port()
    server = cli.popen("serve", "--port", str(port))
    try:
        _wait_for_health(f"http://127.0.0.1:{port}/healthz", server)
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    # uvicorn shuts down cleanly, then raises the signal it caught again.
    assert server.returncode in (0, -signal.SIGTERM), stderr
    assert "Traceback" not in stderr
    return port, [line.split(" [-] ", 1)[-1] for line in (stdout + stderr).splitlines()]


def test_serve_migrates_a_new_database_and_says_where_it_listens(fresh_cli: Cli) -> None:
    port, lines = _serve_until_healthy(fresh_cli)
    database = make_url(fresh_cli.database_url).render_as_string(hide_password=True)
    assert lines == [
        "database is at the latest schema",
        f"Kazi listening on http://127.0.0.1:{port} (API docs at /docs; 1 worker; "
        f"database {database})",
        "no administrator yet; make one with: .venv/bin/kazi create-admin --email you@example.com",
    ]
    fresh_cli.run("create-admin", "--email", "ops@example.com", "--password", "long enough 1")
    port, lines = _serve_until_healthy(fresh_cli)
    assert lines[1:] == [
        f"Kazi listening on http://127.0.0.1:{port} (API docs at /docs; 1 worker; "
        f"database {database})"
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _wait_for_health(url: str, server: "subprocess.Popen[str]") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "kazi serve exited"
        try:
            response = httpx2.get(url, timeout=2)
        except httpx2.TransportError:
            time.sleep(0.2)
            continue
        assert response.status_code == 200, response.text
        return
    raise AssertionError("kazi serve did not answer /healthz within 60 s")


@pytest.mark.parametrize("scratch_url", ["sqlite"], indirect=True)
def test_a_configuration_error_is_one_line(fresh_cli: Cli) -> None:
    done = fresh_cli.run(
        "providers", "list", expect=2, KAZI_ENV="production", KAZI_SECRET_KEY="short"
    )
    assert done.stderr.startswith("kazi: configuration error: ")
    assert "Traceback" not in done.stderr
