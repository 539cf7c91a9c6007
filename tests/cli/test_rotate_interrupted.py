"""`kazi rotate-keys` is all or nothing: stopped half-way, every key still opens with the
secret it was stored under, so the operator can run it again."""

import asyncio
import signal
import time

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from tests.cli.conftest import Cli
from tests.conftest import TEST_SECRET

NEW_SECRET = "new-secret-" + "n" * 40
KEYS = ("sk-first-1111", "sk-second-2222", "sk-third-3333")
# The database refuses to update the third key, after the first two were updated.
TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER stop_rotation BEFORE UPDATE OF api_key_encrypted ON ai_provider_configs"
        " WHEN NEW.id = 3 BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION stop_rotation() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'disk full'; END $$",
        "CREATE TRIGGER stop_rotation BEFORE UPDATE OF api_key_encrypted ON ai_provider_configs"
        " FOR EACH ROW WHEN (NEW.id = 3) EXECUTE FUNCTION stop_rotation()",
    ],
}


def _three_providers(cli: Cli) -> list[str]:
    for number, key in enumerate(KEYS, start=1):
        cli.run(
            "providers", "add", "--type", "openai", "--name", f"p{number}",
            "--model", "gpt-4o-mini", stdin=key + "\n",
        )  # fmt: skip
    return _ciphertexts(cli)


def _ciphertexts(cli: Cli) -> list[str]:
    rows = cli.query("SELECT api_key_encrypted FROM ai_provider_configs ORDER BY id")
    return [row[0] for row in rows]


def _assert_readable_with_the_old_secret_alone(cli: Cli) -> None:
    listing = cli.run("providers", "list", KAZI_SECRET_KEY=TEST_SECRET).stdout.splitlines()
    hints = [line.split("\t")[4] for line in listing]
    assert hints == ["key …1111 (ok)", "key …2222 (ok)", "key …3333 (ok)"]


def test_a_failure_on_the_last_key_saves_nothing(cli: Cli) -> None:
    before = _three_providers(cli)
    for statement in TRIGGERS[cli.backend]:
        cli.execute(statement)

    done = cli.run(
        "rotate-keys", expect=1, KAZI_SECRET_KEY=NEW_SECRET, KAZI_SECRET_KEY_PREVIOUS=TEST_SECRET
    )
    assert done.stdout == ""  # no counts for work that was not saved
    assert done.stderr.startswith("kazi: database error, nothing was saved: "), done.stderr
    assert done.stderr.count("\n") == 1
    assert _ciphertexts(cli) == before
    _assert_readable_with_the_old_secret_alone(cli)


@pytest.mark.parametrize("scratch_url", ["postgresql"], indirect=True)
def test_killed_while_writing_leaves_every_key_readable(cli: Cli) -> None:
    """Holds the last row locked, so the command has updated the first rows and waits
    on the last one inside its transaction; then it is killed with SIGKILL."""
    before = _three_providers(cli)
    asyncio.run(_kill_rotation_while_it_waits(cli))
    assert _ciphertexts(cli) == before
    _assert_readable_with_the_old_secret_alone(cli)
    rotated = cli.run(
        "rotate-keys", KAZI_SECRET_KEY=NEW_SECRET, KAZI_SECRET_KEY_PREVIOUS=TEST_SECRET
    )
    assert rotated.stdout.startswith("re-encrypted: 3, already current: 0,")


async def _kill_rotation_while_it_waits(cli: Cli) -> None:
    url = make_url(cli.database_url)
    blocker = await asyncpg.connect(host=url.host, port=url.port, user=url.username,
                                    password=url.password, database=url.database)  # fmt: skip
    try:
        async with blocker.transaction():
            await blocker.execute("SELECT 1 FROM ai_provider_configs WHERE id = 3 FOR UPDATE")
            rotation = cli.popen(
                "rotate-keys", KAZI_SECRET_KEY=NEW_SECRET, KAZI_SECRET_KEY_PREVIOUS=TEST_SECRET
            )
            await _wait_until_blocked_after_writing(blocker, url.database or "")
            rotation.send_signal(signal.SIGKILL)
            stdout, _ = rotation.communicate(timeout=30)
        assert rotation.returncode == -signal.SIGKILL
        assert stdout == ""
    finally:
        await blocker.close()


async def _wait_until_blocked_after_writing(blocker: asyncpg.Connection, database: str) -> None:
    """Until the command's backend waits on the locked row and has written (it holds a
    transaction id, which PostgreSQL assigns at the first write)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        await blocker.execute("SELECT pg_stat_clear_snapshot()")  # fresh view in a transaction
        waiting = await blocker.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = "
            "'Lock' AND query LIKE 'UPDATE ai_provider_configs%' AND backend_xid IS NOT NULL",
            database,
        )
        if waiting:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("rotate-keys never waited on the locked row")
