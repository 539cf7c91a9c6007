"""`kazi providers add | list | test`: the key comes from standard input, never an argument."""

import io
from typing import Any

import pytest

from tests.conftest import TEST_SECRET
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.providers.test_secrets import _kazi, _use_env

KEY = "sk-ant-cli-key-4242abcd"


async def test_add_list_and_test_from_the_command_line(
    app: Any, fake_fleet: LiveFleet, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _use_env(monkeypatch, app, TEST_SECRET)
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    code = await _kazi(
        "providers",
        "add",
        "--type",
        "claude",
        "--name",
        "claude-main",
        "--model",
        "claude-3-5-haiku-latest",
        "--base-url",
        fake_fleet.urls.anthropic,
        "--default-for",
        "cv_draft",
        "--default-for",
        "cover_letter",
    )
    added = capsys.readouterr().out
    assert code == 0
    assert "added provider" in added
    provider_id = added.split()[2]

    assert await _kazi("providers", "list") == 0
    listing = capsys.readouterr().out
    assert "claude-main\tclaude\tclaude-3-5-haiku-latest\tkey …abcd (ok)" in listing
    assert "default for: cover_letter,cv_draft" in listing
    assert KEY not in listing

    assert await _kazi("providers", "test", provider_id) == 0
    assert "ok: claude-3-5-haiku-latest answered" in capsys.readouterr().out
    sent = fake_fleet.fakes.anthropic.last_request.headers
    assert KEY in (sent.get("x-api-key"), sent.get("authorization", "").removeprefix("Bearer "))

    fake_fleet.fakes.anthropic.script(Reply(status=401))
    assert await _kazi("providers", "test", provider_id) == 1
    assert "failed: auth_rejected" in capsys.readouterr().err


async def test_an_unknown_task_is_refused(
    app: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    _use_env(monkeypatch, app, TEST_SECRET)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    code = await _kazi(
        "providers",
        "add",
        "--type",
        "openai_compatible",
        "--name",
        "local",
        "--model",
        "llama3",
        "--base-url",
        "http://127.0.0.1:11434/v1",
        "--default-for",
        "poetry",
    )
    assert code == 1
    assert "poetry" in capsys.readouterr().err
