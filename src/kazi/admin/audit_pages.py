"""/admin/audit: every administrative change, newest first, filterable."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminDep
from kazi.admin.forms import day_or_none
from kazi.admin.render import render
from kazi.audit.models import AuditEntry
from kazi.audit.service import read_log
from kazi.kit.deps import SessionDep

router = APIRouter(prefix="/admin/audit", include_in_schema=False)
PAGE_SIZE = 50
MAX_VALUE_CHARS = 300
ABSENT = "—"


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class EntryView:
    entry: AuditEntry
    changes: list[Change]


def _shown(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The fields that differ, in a stable order; a missing side shows as a dash."""
    old, new = before or {}, after or {}
    found = []
    for name in sorted(set(old) | set(new)):
        if name in old and name in new and old[name] == new[name]:
            continue
        found.append(
            Change(
                name,
                _shown(old[name]) if name in old else ABSENT,
                _shown(new[name]) if name in new else ABSENT,
            )
        )
    return found


def _moment(text: str, extra_days: int) -> datetime | None:
    day = day_or_none(text)
    return None if day is None else datetime.combine(day + timedelta(extra_days), time(), UTC)


@router.get("")
async def audit_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    params = request.query_params
    form = {
        name: params.get(name, "").strip()[:320] for name in ("actor", "action", "since", "until")
    }
    before = params.get("before", "")
    found = await read_log(
        session,
        actor=form["actor"] or None,
        action=form["action"] or None,
        since=_moment(form["since"], 0),
        until=_moment(form["until"], 1),
        before_id=int(before) if before.isdigit() else None,
        size=PAGE_SIZE,
    )
    older = None
    if found.more:
        older = "/admin/audit?" + urlencode({**form, "before": found.entries[-1].id})
    context = {
        "admin": admin,
        "form": form,
        "actions": found.actions,
        "entries": [EntryView(e, changes(e.before, e.after)) for e in found.entries],
        "older": older,
    }
    return render(request, "audit.html", context)
