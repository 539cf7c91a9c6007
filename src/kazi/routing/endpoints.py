"""Admin API for routing rules: /api/v1/admin/routing."""

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Path, Request

from kazi.enums import AnyName, TaskType, Tier, stored_scope
from kazi.kit.deps import SessionDep
from kazi.kit.http import Envelope, ok
from kazi.routing.router import Router
from kazi.routing.schemas import (
    CandidateOut,
    ResolvedCandidate,
    RoutePreview,
    RuleIn,
    RuleOut,
)
from kazi.routing.service import RoutingService, RuleEntry
from kazi.users.dependencies import AdminUser

router = APIRouter(prefix="/api/v1/admin/routing", tags=["admin: routing"])
TierOrAny = Annotated[Tier | AnyName, Path(description="A tier, or `any` for every tier.")]


@router.get("")
async def list_rules(_admin: AdminUser, session: SessionDep) -> Envelope[list[RuleOut]]:
    grouped: dict[tuple[str, str], list[CandidateOut]] = defaultdict(list)
    for rule, config in await RoutingService(session).all_rules():
        grouped[(rule.task_type, rule.tier)].append(
            CandidateOut(
                provider_config_id=config.id,
                provider_name=config.name,
                model_override=rule.model_override,
                options=rule.options,
            )
        )
    rules = [
        RuleOut(task_type=TaskType(t), tier=tier, candidates=c) for (t, tier), c in grouped.items()
    ]
    return ok(rules)


@router.put("/{task_type}/{tier}")
async def replace_rule(
    task_type: TaskType, tier: TierOrAny, body: RuleIn, admin: AdminUser, session: SessionDep
) -> Envelope[RuleOut]:
    """Replaces the ordered candidate list for (task, tier); an empty list removes the rule."""
    entries = [
        RuleEntry(c.provider_config_id, c.model_override, c.options.model_dump(exclude_none=True))
        for c in body.candidates
    ]
    configs = await RoutingService(session).replace(task_type, tier, entries, admin)
    out = [
        CandidateOut(**candidate.model_dump(), provider_name=config.name)
        for candidate, config in zip(body.candidates, configs, strict=True)
    ]
    return ok(RuleOut(task_type=task_type, tier=stored_scope(tier), candidates=out))


@router.get("/preview")
async def preview(
    task_type: TaskType, tier: Tier, request: Request, _admin: AdminUser
) -> Envelope[RoutePreview]:
    """What a request of this task and tier would resolve to right now."""
    routing: Router = request.app.state.router
    resolution = await routing.resolve(task_type, tier)
    candidates = [
        ResolvedCandidate(
            provider_config_id=c.provider.id,
            provider_name=c.provider.name,
            provider_type=c.provider.provider_type,
            model=c.model,
            cooled_down=await routing.cooldowns.is_cooled_down(c.provider.id),
        )
        for c in resolution.candidates
    ]
    return ok(
        RoutePreview(
            task_type=task_type,
            tier=tier,
            resolved_by=resolution.resolved_by,
            candidates=candidates,
        )
    )
