"""/admin/usage: totals and charts over a date range, with filters and a CSV export."""

import csv
import io
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.admin import usage_view as view
from kazi.admin.auth import AdminDep
from kazi.admin.forms import day_or_none
from kazi.admin.render import render, usd_amount
from kazi.admin.usage_cache import Figures, figures_cache, rollup_figures
from kazi.enums import TaskType, Tier
from kazi.kit.db import utcnow
from kazi.kit.deps import SessionDep
from kazi.providers.service import provider_models
from kazi.usage.figures import USER_LATENCY_SAMPLE, UsageQuery, latencies
from kazi.usage.service import UsageService
from kazi.users.service import UserService

router = APIRouter(prefix="/admin/usage", include_in_schema=False)
DEFAULT_DAYS = 7
MAX_DAYS = 366
FILTERS = ("since", "until", "provider", "model", "task", "tier", "user")
NO_SUCH_USER = -1


@dataclass
class Parsed:
    query: UsageQuery
    form: dict[str, str]
    problems: list[str] = field(default_factory=list)


def _range(form: dict[str, str], problems: list[str]) -> tuple[date, date]:
    today = utcnow().date()
    until = day_or_none(form["until"]) or today
    since = day_or_none(form["since"]) or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        problems.append("The start date was after the end date; they were swapped.")
        since, until = until, since
    if (until - since).days >= MAX_DAYS:
        problems.append(f"Ranges are limited to {MAX_DAYS} days; the start was moved.")
        since = until - timedelta(days=MAX_DAYS - 1)
    form.update(since=since.isoformat(), until=until.isoformat())
    return since, until


async def _user(session: AsyncSession, text: str, problems: list[str]) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    found = await UserService(session).id_for_email(text)
    if found is None:
        problems.append("No user has this e-mail address.")
        return NO_SUCH_USER
    return found


async def parse_query(request: Request, session: AsyncSession) -> Parsed:
    form = {name: request.query_params.get(name, "").strip()[:320] for name in FILTERS}
    problems: list[str] = []
    since, until = _range(form, problems)
    for name, allowed in (("task", set(TaskType)), ("tier", set(Tier))):
        if form[name] and form[name] not in allowed:
            problems.append(f"Unknown {name} {form[name]!r}; the filter was ignored.")
            form[name] = ""
    query = UsageQuery(
        since=since,
        until=until,
        provider=form["provider"] or None,
        model=form["model"] or None,
        task=form["task"] or None,
        tier=form["tier"] or None,
        user_id=await _user(session, form["user"], problems),
    )
    return Parsed(query, form, problems)


async def _options(session: AsyncSession, rows: Sequence[Any]) -> dict[str, list[str]]:
    providers = {row.provider for row in rows}
    models = {row.model for row in rows}
    for name, model in await provider_models(session):
        providers.add(name)
        models.add(model)
    return {"providers": sorted(providers), "models": sorted(models)}


async def _latency(
    request: Request, data: UsageService, query: UsageQuery, figures: Figures
) -> tuple[view.Chart, str]:
    """The latency chart (from the histogram; raw rows for one user) and its note."""
    one_user = query.user_id is not None
    buckets = await data.user_latency_buckets(query) if one_user else figures.latency
    retention_days = request.app.state.settings.usage_retention_days
    note = view.latency_note(one_user, USER_LATENCY_SAMPLE, retention_days)
    return view.latency_chart(latencies(buckets)), note


@router.get("")
async def usage_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    parsed = await parse_query(request, session)
    query, data = parsed.query, UsageService(session)
    figures = await rollup_figures(data, query, utcnow().date(), figures_cache(request))
    rows, users = figures.days, figures.users
    totals = view.totals_of(rows)
    days = view.days_between(query.since, query.until)
    errors = await data.recent_errors(query)
    latency, latency_note = await _latency(request, data, query, figures)
    ids = [u.user_id for u in users] + [e.user_id for e in errors if e.user_id is not None]
    emails = await UserService(session).emails(ids)
    context = {
        "admin": admin,
        "form": parsed.form,
        "problems": parsed.problems,
        "totals": totals,
        "cost": view.cost_chart(rows, days),
        "tokens": view.token_chart(rows, days, totals),
        "statuses": view.status_chart(totals, await data.failures_by_status(query)),
        "latency": latency,
        "latency_note": latency_note,
        "cache_minutes": round(figures_cache(request).ttl_s / 60),
        "users": view.users_chart(users, emails),
        "errors": errors,
        "emails": emails,
        "options": await _options(session, rows),
        "tasks": list(TaskType),
        "tiers": list(Tier),
        "export_url": "/admin/usage/export.csv?" + urlencode(parsed.form),
    }
    return render(request, "usage.html", context)


CSV_HEADER = [
    "created_at",
    "request_id",
    "user_id",
    "user_email",
    "provider_name",
    "provider_type",
    "model",
    "task_type",
    "tier",
    "status",
    "error_code",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "tokens_estimated",
    "cost_usd",
    "latency_ms",
    "attempt",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_COST_COLUMN = CSV_HEADER.index("cost_usd")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    # A spreadsheet would run a cell that starts like a formula.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_line(row: Sequence[Any]) -> list[str]:
    cells = [_cell(value) for value in row]
    cost = row[_COST_COLUMN]
    cells[_COST_COLUMN] = "" if cost is None else usd_amount(int(cost))
    return cells


async def _csv_stream(
    sessions: async_sessionmaker[AsyncSession], query: UsageQuery
) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    yield buffer.getvalue()
    async with sessions() as session:
        async for batch in UsageService(session).export(query):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(csv_line(row) for row in batch)
            yield buffer.getvalue()


@router.get("/export.csv")
async def export_csv(request: Request, _admin: AdminDep, session: SessionDep) -> Response:
    """The filtered raw rows, streamed: the range bounds them, not the memory."""
    query = (await parse_query(request, session)).query
    name = f"kazi-usage-{query.since.isoformat()}-{query.until.isoformat()}.csv"
    return StreamingResponse(
        _csv_stream(request.app.state.sessions, query),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
