"""/admin/routing: the ordered candidates per task and tier, editable, with a live preview."""

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kazi.admin.auth import AdminDep, AdminForm, FormDep
from kazi.admin.errors import PageNotFound
from kazi.admin.render import render, see_other
from kazi.enums import ANY, TaskType, Tier, shown_scope
from kazi.kit.deps import SessionDep
from kazi.providers.models import AIProviderConfig
from kazi.routing.models import RoutingCandidate
from kazi.routing.router import Router
from kazi.routing.service import MAX_CANDIDATES, RoutingService, RuleEntry

router = APIRouter(prefix="/admin/routing", include_in_schema=False)
TIERS = [*(str(t) for t in Tier), ANY]
MAX_MODEL_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Slot:
    """One candidate of a rule as the page shows and edits it."""

    provider_config_id: int
    provider_name: str
    provider_model: str
    model_override: str | None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Preview:
    resolved_by: str
    steps: list[tuple[str, str, bool]]  # provider name, model, cooled down


@dataclass(frozen=True, slots=True)
class RuleView:
    task: str
    tier: str
    slots: list[Slot]
    preview: Preview | None


def _slot(rule: RoutingCandidate, config: AIProviderConfig) -> Slot:
    return Slot(config.id, config.name, config.model_name, rule.model_override, rule.options)


async def _preview(routing: Router, task: str, tier: str) -> Preview | None:
    if tier == ANY:
        return None
    resolution = await routing.resolve(task, tier)
    steps = [
        (c.provider.name, c.model, await routing.cooldowns.is_cooled_down(c.provider.id))
        for c in resolution.candidates
    ]
    return Preview(resolution.resolved_by, steps)


@router.get("")
async def routing_page(request: Request, admin: AdminDep, session: SessionDep) -> Response:
    rules: dict[tuple[str, str], list[Slot]] = {}
    for rule, config in await RoutingService(session).all_rules():
        rules.setdefault((rule.task_type, shown_scope(rule.tier)), []).append(_slot(rule, config))
    routing: Router = request.app.state.router
    views = {
        str(task): [
            RuleView(task, tier, rules.get((task, tier), []), await _preview(routing, task, tier))
            for tier in TIERS
        ]
        for task in TaskType
    }
    providers = await RoutingService(session).providers_to_choose()
    context = {"admin": admin, "views": views, "providers": providers, "max": MAX_CANDIDATES}
    return render(request, "routing.html", context)


def _checked_rule(task: str, tier: str) -> tuple[str, str]:
    if task not in set(TaskType) or tier not in TIERS:
        raise PageNotFound
    return task, tier


async def _current(session: SessionDep, task: str, tier: str) -> list[Slot]:
    rows = await RoutingService(session).rule(task, tier)
    return [_slot(rule, config) for rule, config in rows]


async def _save(
    session: SessionDep, form: AdminForm, task: str, tier: str, after: list[Slot]
) -> Response:
    entries = [RuleEntry(s.provider_config_id, s.model_override, s.options) for s in after]
    await RoutingService(session).replace(task, tier, entries, form.admin)
    return see_other(f"/admin/routing#rule-{task}-{tier}", "saved")


def _position(form: AdminForm, slots: list[Slot]) -> int:
    text = form.text("position")
    if not text.isdigit() or int(text) >= len(slots):
        raise PageNotFound
    return int(text)


def _override(form: AdminForm) -> str | None:
    return form.text("model_override")[:MAX_MODEL_LENGTH] or None


@router.post("/{task}/{tier}/add")
async def add_candidate(task: str, tier: str, form: FormDep, session: SessionDep) -> Response:
    task, tier = _checked_rule(task, tier)
    before = await _current(session, task, tier)
    provider_id = form.text("provider_config_id")
    config = (
        await RoutingService(session).provider(int(provider_id)) if provider_id.isdigit() else None
    )
    if config is None or len(before) >= MAX_CANDIDATES:
        raise PageNotFound
    added = Slot(config.id, config.name, config.model_name, _override(form))
    return await _save(session, form, task, tier, [*before, added])


@router.post("/{task}/{tier}/remove")
async def remove_candidate(task: str, tier: str, form: FormDep, session: SessionDep) -> Response:
    task, tier = _checked_rule(task, tier)
    before = await _current(session, task, tier)
    position = _position(form, before)
    after = before[:position] + before[position + 1 :]
    return await _save(session, form, task, tier, after)


@router.post("/{task}/{tier}/move")
async def move_candidate(task: str, tier: str, form: FormDep, session: SessionDep) -> Response:
    task, tier = _checked_rule(task, tier)
    before = await _current(session, task, tier)
    position = _position(form, before)
    other = position - 1 if form.text("direction") == "up" else position + 1
    after = list(before)
    if 0 <= other < len(after):
        after[position], after[other] = after[other], after[position]
    return await _save(session, form, task, tier, after)


@router.post("/{task}/{tier}/model")
async def set_model(task: str, tier: str, form: FormDep, session: SessionDep) -> Response:
    task, tier = _checked_rule(task, tier)
    before = await _current(session, task, tier)
    position = _position(form, before)
    old = before[position]
    changed = Slot(
        old.provider_config_id, old.provider_name, old.provider_model, _override(form), old.options
    )
    after = [*before[:position], changed, *before[position + 1 :]]
    return await _save(session, form, task, tier, after)
