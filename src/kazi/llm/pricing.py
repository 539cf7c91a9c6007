"""Cost of a call from the vendor's reported tokens: genai-prices' bundled data, in Decimal.

Prices are never fetched at run time. An operator's override for a model (self-hosted
models cost 0) wins over the data. A model nobody prices has an unknown cost (None),
never a guessed one.
"""

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import genai_prices

from kazi.llm.types import Usage

logger = logging.getLogger(__name__)
MILLION = Decimal(1_000_000)

# genai-prices' provider ids for the vendors Kazi has adapters for.
_VENDOR_IDS = {"gemini": "google", "openai": "openai", "claude": "anthropic"}


@dataclass(frozen=True, slots=True)
class PriceOverride:
    """USD per million tokens, set by an operator for one model."""

    input_per_mtok: Decimal
    output_per_mtok: Decimal
    cached_input_per_mtok: Decimal | None = None

    def cost(self, usage: Usage) -> Decimal:
        cached_rate = self.cached_input_per_mtok
        if cached_rate is None:
            cached_rate = self.input_per_mtok
        uncached = usage.input_tokens - usage.cached_tokens
        total = (
            uncached * self.input_per_mtok
            + usage.cached_tokens * cached_rate
            + usage.output_tokens * self.output_per_mtok
        )
        return total / MILLION


def cost_of(
    provider_type: str,
    model: str,
    usage: Usage,
    *,
    base_url: str | None = None,
    override: PriceOverride | None = None,
) -> Decimal | None:
    """The call's cost in USD, or None when the model's price is unknown."""
    if override is not None:
        return override.cost(usage)
    priced = genai_prices.Usage(
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_read_tokens=usage.cached_tokens,
    )
    vendor = _VENDOR_IDS.get(provider_type)
    try:
        if vendor is not None:
            result = genai_prices.calc_price(priced, model, provider_id=vendor)
        elif base_url:
            result = genai_prices.calc_price(priced, model, provider_api_url=base_url)
        else:
            _warn_unknown(provider_type, model)
            return None
    except LookupError:
        _warn_unknown(provider_type, model)
        return None
    return Decimal(result.total_price)


def is_priced(provider_type: str, model: str, base_url: str | None = None) -> bool:
    return cost_of(provider_type, model, Usage(1, 1), base_url=base_url) is not None


@cache  # once per model and process: the cost stays unknown on every call
def _warn_unknown(provider_type: str, model: str) -> None:
    logger.warning(
        "no price known for %s model %r; its cost is recorded as unknown", provider_type, model
    )


def to_micro_usd(cost: Decimal | None) -> int | None:
    """Integer micro-dollars, as stored: one call often costs less than a cent."""
    if cost is None:
        return None
    return int((cost * MILLION).quantize(Decimal(1), rounding=ROUND_HALF_UP))
