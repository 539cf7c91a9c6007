"""The README's commands exist: each `kazi` command line in its shell blocks parses with
the real argument parser, each `kazi` command named in its text exists with the flags it
shows, each file under scripts/, bench/ or deploy/ it names is in the repository, and
each API path its shell blocks call is a route the app serves."""

import argparse
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from kazi.cli import build_parser
from kazi.main import create_app
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FENCED = re.compile(r"^```(?:sh|bash|shell|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`((?:\.venv/bin/)?kazi [^`]*)`")
REPO_PATH = re.compile(r"(?<![\w/.-])(?:\./)?((?:scripts|bench|deploy)/[\w./-]*\w)")
SHELL_BREAKS = {"|", "||", "&&", ";", "<", ">", ">>", "2>", "2>&1"}


def fenced_kazi_commands(text: str) -> list[list[str]]:
    """The arguments of every `kazi` invocation in the shell blocks."""
    commands = []
    for block in FENCED.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            for start, word in enumerate(words):
                if Path(word).name == "kazi":
                    rest = words[start + 1 :]
                    ends = [i for i, w in enumerate(rest) if w in SHELL_BREAKS]
                    commands.append(rest[: ends[0]] if ends else rest)
    return commands


def inline_kazi_mentions(text: str) -> list[list[str]]:
    """`kazi ...` in running text: the command words and the flags, placeholders left out."""
    mentions = []
    for span in INLINE.findall(text):
        words = re.sub(r"[\[\]]", " ", span).split()[1:]
        mentions.append([w for w in words if w.startswith("--") or re.fullmatch(r"[a-z-]+", w)])
    return mentions


def unknown_in_mention(parser: argparse.ArgumentParser, words: list[str]) -> list[str]:
    """Words of a mention that name no command, or no flag of the command they follow."""
    unknown = []
    for word in words:
        if word.startswith("--"):
            if word.split("=")[0] not in parser._option_string_actions:
                unknown.append(word)
            continue
        commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if commands and word in commands[0].choices:
            parser = commands[0].choices[word]
        elif commands:
            unknown.append(word)
    return unknown


def parse_error(arguments: list[str]) -> str | None:
    parser = build_parser()
    parser.exit_on_error = False
    for action in parser._actions:  # sub-parsers do not inherit exit_on_error
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.exit_on_error = False
    try:
        parser.parse_args(arguments)
    except (argparse.ArgumentError, SystemExit) as exc:
        return str(exc)
    return None


README_TEXT = README.read_text(encoding="utf-8")


def test_the_readme_shows_kazi_commands() -> None:
    assert len(fenced_kazi_commands(README_TEXT)) >= 7
    assert len(inline_kazi_mentions(README_TEXT)) >= 7


@pytest.mark.parametrize("arguments", fenced_kazi_commands(README_TEXT), ids=" ".join)
def test_each_shell_command_parses(arguments: list[str]) -> None:
    assert parse_error(arguments) is None, parse_error(arguments)


def test_each_command_named_in_the_text_exists() -> None:
    parser = build_parser()
    unknown = {
        " ".join(words): bad
        for words in inline_kazi_mentions(README_TEXT)
        if (bad := unknown_in_mention(parser, words))
    }
    assert unknown == {}


def test_each_repository_path_exists() -> None:
    paths = set(REPO_PATH.findall(README_TEXT))
    assert "scripts/serve" in paths
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []


def test_the_checks_catch_drift() -> None:
    drifted = README_TEXT.replace("prune-usage --older-than-days", "prune-usage --older-than")
    errors = [parse_error(a) for a in fenced_kazi_commands(drifted + FENCE_WITH_DRIFT)]
    assert [e for e in errors if e] != []
    assert unknown_in_mention(build_parser(), ["providers", "remove"]) == ["remove"]
    assert unknown_in_mention(build_parser(), ["prune-usage", "--days"]) == ["--days"]


FENCE_WITH_DRIFT = "\n```sh\n.venv/bin/kazi providers add --kind openai --name x --model y\n```\n"


API_CALL = re.compile(r"\$API(/[\w/{}.-]*)")


def readme_api_calls(text: str) -> set[tuple[str, str]]:
    """(method, path) of each `curl ... $API/...` line of the shell blocks: `-X` names
    the method, else a body (`-d`, `-F`) makes it POST, else GET."""
    calls = set()
    for block in FENCED.findall(text):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if not any(word.rpartition("(")[2] == "curl" for word in words):  # also $(curl
                continue
            method = "POST" if {"-d", "-F"} & set(words) else "GET"
            if "-X" in words:
                method = words[words.index("-X") + 1]
            calls |= {(method, "/api/v1" + path) for path in API_CALL.findall(line)}
    return calls


def served(call: tuple[str, str], routes: dict[str, Any]) -> bool:
    """Whether a concrete call such as POST /api/v1/documents/2/validate is a route."""
    method, path = call
    for template, operations in routes.items():
        pattern = re.sub(r"\{[^}]+\}", r"[^/]+", template)
        if re.fullmatch(pattern, path) and method.lower() in operations:
            return True
    return False


def test_each_api_call_of_the_walkthrough_is_served(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'kazi.db'}")
    routes = create_app(settings).openapi()["paths"]
    calls = readme_api_calls(README_TEXT)
    assert ("POST", "/api/v1/documents/cover-letter") in calls
    assert ("POST", "/api/v1/auth/login") in calls
    assert ("GET", "/api/v1/documents/1/export") in calls
    assert sorted(call for call in calls if not served(call, routes)) == []
    assert not served(("POST", "/api/v1/documents/resume"), routes)
