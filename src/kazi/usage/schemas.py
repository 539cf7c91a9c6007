"""API shapes for the usage log and its totals. Money is a decimal string in USD."""

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel

from kazi.quotas.schemas import QuotaStatusOut
from kazi.usage.figures import Summary, Totals
from kazi.usage.models import AIProviderUsageLog

MICRO_PER_USD = Decimal(1_000_000)


def usd(micro_usd: int | None) -> str | None:
    """Micro-USD as a USD string with six decimals, exact: 1_234_567 -> "1.234567"."""
    if micro_usd is None:
        return None
    return f"{Decimal(micro_usd) / MICRO_PER_USD:.6f}"


class UsageItemOut(BaseModel):
    request_id: str
    user_id: int | None
    provider_config_id: int | None
    provider_name: str
    provider_type: str
    model: str
    task_type: str
    tier: str
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    total_tokens: int
    tokens_estimated: bool
    cost_usd: str | None  # null: the model's price was unknown
    status: str
    error_code: str | None
    latency_ms: int
    attempt: int
    created_at: datetime

    @classmethod
    def of(cls, row: AIProviderUsageLog) -> "UsageItemOut":
        return cls(
            request_id=row.request_id,
            user_id=row.user_id,
            provider_config_id=row.provider_config_id,
            provider_name=row.provider_name,
            provider_type=row.provider_type,
            model=row.model,
            task_type=row.task_type,
            tier=row.tier,
            input_tokens=row.input_tokens,
            output_tokens=row.output_tokens,
            cached_tokens=row.cached_tokens,
            total_tokens=row.total_tokens,
            tokens_estimated=row.tokens_estimated,
            cost_usd=usd(row.cost_micro_usd),
            status=row.status,
            error_code=row.error_code,
            latency_ms=row.latency_ms,
            attempt=row.attempt,
            created_at=row.created_at,
        )


class UsagePage(BaseModel):
    items: list[UsageItemOut]
    total: int
    offset: int
    limit: int


class UsageTotalsOut(BaseModel):
    calls: int
    errors: int
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    cost_usd: str  # priced calls only; see unpriced_calls
    unpriced_calls: int
    avg_latency_ms: float | None  # null when there were no calls

    @classmethod
    def of(cls, totals: Totals) -> "UsageTotalsOut":
        average = round(totals.latency_ms_total / totals.calls, 1) if totals.calls else None
        return cls(
            calls=totals.calls,
            errors=totals.errors,
            input_tokens=totals.input_tokens,
            output_tokens=totals.output_tokens,
            cached_tokens=totals.cached_tokens,
            cost_usd=usd(totals.cost_micro_usd) or "0.000000",
            unpriced_calls=totals.unpriced_calls,
            avg_latency_ms=average,
        )


class UsageGroupOut(UsageTotalsOut):
    key: str  # the provider's name, the model, the task, the tier or the ISO day

    @classmethod
    def keyed(cls, key: str, totals: Totals) -> "UsageGroupOut":
        return cls(key=key, **UsageTotalsOut.of(totals).model_dump())


class UsageSummaryOut(BaseModel):
    since: date
    until: date  # inclusive
    totals: UsageTotalsOut
    by_provider: list[UsageGroupOut]
    by_model: list[UsageGroupOut]
    by_task: list[UsageGroupOut]
    by_tier: list[UsageGroupOut]
    by_day: list[UsageGroupOut]

    @classmethod
    def of(cls, since: date, until: date, summary: Summary) -> "UsageSummaryOut":
        def groups(name: str) -> list[UsageGroupOut]:
            return [UsageGroupOut.keyed(key, totals) for key, totals in summary.groups[name]]

        return cls(
            since=since,
            until=until,
            totals=UsageTotalsOut.of(summary.totals),
            by_provider=groups("provider"),
            by_model=groups("model"),
            by_task=groups("task"),
            by_tier=groups("tier"),
            by_day=groups("day"),
        )


class MyUsageOut(UsagePage):
    month_start: date  # the first day of the current month (UTC)
    month_totals: UsageTotalsOut
    quota: list[QuotaStatusOut]  # every limit of the user's tier, with what is left of it
