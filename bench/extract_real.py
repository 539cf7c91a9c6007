"""Measure job extraction on saved pages and pasted ads against hand-made labels.

Usage: .venv/bin/python bench/extract_real.py DIR [DIR ...]

Each DIR holds `NN-name.html` pages or `NN-name.txt` pasted ads, each with a
`NN-name.expected.json` label file (title, company, location, employment_type,
remote, salary, date_posted, valid_through, apply_url, skills_sample, has_jsonld,
quality_flag, and optionally url and kind). Every item goes through
`POST /api/v1/job-extractor/extract` of an app running in-process on a scratch
SQLite database with no AI provider configured: pages as `{"url": ...}`, ads as
`{"text": ...}`. Only the network is left out: the fetcher's `fetch_page` is
replaced by one that serves the saved bytes, decoded by the fetcher's own
`decode_body`.

Kinds of item: a posting (fields compared), a negative control (quality_flag
"negative-control" or kind "not_a_posting": must be refused with not_a_posting)
and a multi-role paste (kind "multi_role": must be answered several_postings).
Prints per field the exact-match rate for pages with JobPosting JSON-LD, pages
without, and pasted text, then every failure and every item that raised,
answered 5xx or was refused. Comparison rules are in bench/extract_real_fields.py.
"""

import asyncio
import json
import secrets
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import httpx2
from extract_real_fields import FIELDS, compare_fields

from kazi.jobs.fetcher import FetchedPage, FetchError, FetchErrorCode, decode_body
from kazi.kit.config import Environment, Settings
from kazi.main import create_app, start_services, stop_services
from kazi.migrations import upgrade

EXTRACT = "/api/v1/job-extractor/extract"
PAGE_ORIGIN = "https://saved-pages.example"
PASSWORD = "bench password 1234"
GROUPS = ("jsonld", "no-jsonld", "pasted")


@dataclass(frozen=True)
class Item:
    name: str
    path: Path
    label: dict[str, Any]

    @property
    def is_paste(self) -> bool:
        return self.path.suffix == ".txt"

    @property
    def kind(self) -> str:
        if self.label.get("quality_flag") == "negative-control":
            return "not_a_posting"
        return str(self.label.get("kind") or "posting")

    @property
    def group(self) -> str:
        if self.is_paste:
            return "pasted"
        return "jsonld" if self.label.get("has_jsonld") else "no-jsonld"

    @property
    def url(self) -> str:
        return str(self.label.get("url") or f"{PAGE_ORIGIN}/{self.name}/")


@dataclass
class Tally:
    matched: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    counted: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)


def load_items(folders: list[Path]) -> list[Item]:
    items = []
    for folder in folders:
        for label_path in sorted(folder.glob("*.expected.json")):
            name = label_path.name.removesuffix(".expected.json")
            for suffix in (".html", ".htm", ".txt"):
                source = folder / f"{name}{suffix}"
                if source.exists():
                    label = json.loads(label_path.read_text(encoding="utf-8"))
                    items.append(Item(name, source, label))
                    break
    return items


def saved_page_fetcher(items: list[Item]) -> Any:
    pages = {item.url: item.path.read_bytes() for item in items if not item.is_paste}

    async def fetch_saved(url: str, **_: Any) -> FetchedPage:
        body = pages.get(url)
        if body is None:
            raise FetchError(FetchErrorCode.HTTP_ERROR, "not a saved page")
        text, charset = decode_body(body, "text/html")
        return FetchedPage(url, 200, "text/html", charset, text)

    return fetch_saved


async def signed_in(client: httpx2.AsyncClient) -> dict[str, str]:
    email = f"bench-{secrets.token_hex(4)}@example.com"
    credentials = {"email": email, "password": PASSWORD}
    (await client.post("/api/v1/auth/register", json=credentials)).raise_for_status()
    answer = await client.post("/api/v1/auth/login", json=credentials)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['data']['access_token']}"}


async def extract(
    client: httpx2.AsyncClient, headers: dict[str, str], item: Item
) -> tuple[int, dict[str, Any]]:
    if item.is_paste:
        body: dict[str, Any] = {"text": item.path.read_text(encoding="utf-8")}
    else:
        body = {"url": item.url, "force": True}
    answer = await client.post(EXTRACT, json=body, headers=headers)
    return answer.status_code, answer.json()


def judge(item: Item, status: int, answer: dict[str, Any], tally: Tally) -> None:
    code = "" if status == 200 else answer.get("error", {}).get("code", "?")
    verdict = "accepted" if status == 200 else f"{status} {code}"
    if status >= 500:
        tally.problems.append(f"{item.name}: server error {verdict}")
    expected_code = {"not_a_posting": "not_a_posting", "multi_role": "several_postings"}
    if item.kind in expected_code:
        ok = code == expected_code[item.kind]
        tally.verdicts.append(f"{'ok  ' if ok else 'FAIL'} {item.name}: {item.kind} -> {verdict}")
        return
    if status != 200:
        tally.problems.append(f"{item.name}: posting refused ({verdict}: {answer['error']})")
    data = answer["data"]["extracted_data"] if status == 200 else None
    for name, matched, detail in compare_fields(item.label, data, item.url):
        if matched is None:
            continue
        tally.counted[(item.group, name)] += 1
        tally.matched[(item.group, name)] += int(matched)
        if not matched:
            tally.failures.append(f"{item.name} {name}: {detail}")


def rate(matched: int, counted: int) -> str:
    return f"{matched:>3}/{counted:<3} {100 * matched / counted:5.1f} %" if counted else "   -"


def report(tally: Tally) -> None:
    print(f"{'field':<16}" + "".join(f"{group:>18}" for group in GROUPS))
    for name in (*FIELDS, "ALL"):
        cells = []
        for group in GROUPS:
            keys = [(group, f) for f in FIELDS] if name == "ALL" else [(group, name)]
            matched = sum(tally.matched[key] for key in keys)
            counted = sum(tally.counted[key] for key in keys)
            cells.append(f"{rate(matched, counted):>18}")
        print(f"{name:<16}" + "".join(cells))
    for title, lines in (
        ("refusals expected (listings, negative controls, multi-role pastes)", tally.verdicts),
        ("raised, server errors, refused postings", tally.problems),
        ("field failures", tally.failures),
    ):
        print(f"\n{title}: {len(lines)}")
        for line in lines:
            print(f"  {line}")


async def run(items: list[Item], data_dir: Path) -> Tally:
    database_url = f"sqlite+aiosqlite:///{data_dir / 'bench.db'}"
    await asyncio.to_thread(upgrade, database_url)
    settings = Settings(
        env=Environment.TEST,
        secret_key=secrets.token_urlsafe(48),
        data_dir=data_dir,
        database_url=database_url,
        rate_limits_enabled=False,
    )
    app = create_app(settings)
    await start_services(app)
    tally = Tally()
    transport = httpx2.ASGITransport(app=app)
    try:
        async with httpx2.AsyncClient(transport=transport, base_url="http://kazi.test") as client:
            headers = await signed_in(client)
            for item in items:
                try:
                    status, answer = await extract(client, headers, item)
                except Exception as error:  # a crash is a result here
                    tally.problems.append(f"{item.name}: raised {type(error).__name__}: {error}")
                    continue
                judge(item, status, answer, tally)
    finally:
        await stop_services(app)
    return tally


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    items = load_items([Path(argument) for argument in sys.argv[1:]])
    with (
        tempfile.TemporaryDirectory() as data_dir,
        mock.patch("kazi.jobs.service.fetch_page", saved_page_fetcher(items)),
    ):
        tally = asyncio.run(run(items, Path(data_dir)))
    print(f"{len(items)} items from {', '.join(sys.argv[1:])}\n")
    report(tally)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
