"""Admin API for routing rules: /api/v1/admin/routing."""

from collections import defaultdict
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request

from kazi.audit.service import record, rule_state
from kazi.deps import AdminUser, SessionDep
from kazi.domain import TaskType, Tier
from kazi.errors import InvalidInput
from kazi.http import Envelope, ok
from kazi.providers.repository import ProviderRepository
from kazi.routing.models import ANY_TIER, RoutingCandidate
from kazi.routing.repository import RoutingRepository
from kazi.routing.router import Router
from kazi.routing.schemas import (
    CandidateOut,
    ResolvedCandidate,
    RoutePreview,
    RuleIn,
    RuleOut,
)

router = APIRouter(prefix="/api/v1/admin/routing", tags=["admin: routing"])
TierOrAny = Annotated[Tier | Literal["any"], Path(description="A tier, or `any` for every tier.")]


def _tier_key(tier: Tier | Literal["any"]) -> str:
    return ANY_TIER if tier == "any" else str(tier)


@router.get("")
async def list_rules(_admin: AdminUser, session: SessionDep) -> Envelope[list[RuleOut]]:
    grouped: dict[tuple[str, str], list[CandidateOut]] = defaultdict(list)
    for rule, config in await RoutingRepository(session).all_rules():
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
    providers = ProviderRepository(session)
    current = await RoutingRepository(session).candidates(task_type, [_tier_key(tier)])
    before = [_audited(c.provider_config_id, p.name, c.model_override) for c, p in current]
    rows, out = [], []
    for position, candidate in enumerate(body.candidates):
        config = await providers.get(candidate.provider_config_id)
        if config is None:
            raise InvalidInput(
                f"candidates.{position}: no provider with id {candidate.provider_config_id}"
            )
        rows.append(
            RoutingCandidate(
                task_type=task_type,
                tier=_tier_key(tier),
                position=position,
                provider_config_id=config.id,
                model_override=candidate.model_override,
                options=candidate.options.model_dump(exclude_none=True),
            )
        )
        out.append(CandidateOut(**candidate.model_dump(), provider_name=config.name))
    await RoutingRepository(session).replace_rule(task_type, _tier_key(tier), rows)
    after = [_audited(c.provider_config_id, c.provider_name, c.model_override) for c in out]
    target = f"{task_type}/{_tier_key(tier)}"
    old, new = rule_state(before), rule_state(after)
    record(session, admin, "routing.update", "routing_rule", target, old, new)
    return ok(RuleOut(task_type=task_type, tier=_tier_key(tier), candidates=out))


def _audited(provider_id: int, name: str, model_override: str | None) -> dict[str, object]:
    return {
        "provider_config_id": provider_id,
        "provider_name": name,
        "model_override": model_override,
    }


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
