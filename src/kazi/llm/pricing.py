"""Cost of a call from the vendor's reported tokens: genai-prices' bundled data, in Decimal.

Prices are never fetched at run time. An operator's override for a model (self-hosted
models cost 0) wins over the data. A model nobody prices has an unknown cost (None),
never a guessed one.

genai-prices works each price out from its units (some 0.1 ms a call). A price with no
tiers is linear in the three token counts Kazi reports, so its three rates are read off
the library once, by pricing a million tokens of each kind, and applied directly after
that. Tiered prices go through the library every time.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import genai_prices
from genai_prices.data_snapshot import get_snapshot
from genai_prices.types import ModelInfo, ModelPrice, Provider, TieredPrices

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
    found = _find(provider_type, model, base_url)
    if found is None:
        _warn_unknown(provider_type, model)
        return None
    provider, info = found
    now = datetime.now(tz=UTC)
    rates = _rates(info, provider, now)
    if rates is not None:
        return rates.cost(usage)
    return _library_cost(
        info, provider, now, usage.input_tokens, usage.output_tokens, usage.cached_tokens
    )


def _find(
    provider_type: str, model: str, base_url: str | None
) -> tuple[Provider, ModelInfo] | None:
    """The library's provider and model: by vendor, or else by the endpoint's URL."""
    vendor = _VENDOR_IDS.get(provider_type)
    if vendor is None and not base_url:
        return None
    try:
        return get_snapshot().find_provider_model(model, None, vendor, None if vendor else base_url)
    except LookupError:
        return None


# The rates of each price seen (None: tiered), by the identity of the library's price
# object (which lives as long as its data); the object is kept so its id stays its own.
_RATES: dict[int, tuple[ModelPrice, PriceOverride | None]] = {}


def _rates(info: ModelInfo, provider: Provider, now: datetime) -> PriceOverride | None:
    """The price in force now as three per-million rates, or None when it is tiered."""
    price = info.get_prices(now)
    known = _RATES.get(id(price))
    if known is None or known[0] is not price:
        known = (price, _read_rates(info, provider, now, price))
        _RATES[id(price)] = known
    return known[1]


def _read_rates(
    info: ModelInfo, provider: Provider, now: datetime, price: ModelPrice
) -> PriceOverride | None:
    if any(isinstance(value, TieredPrices) for value in vars(price).values()):
        return None
    million = int(MILLION)
    return PriceOverride(
        input_per_mtok=_library_cost(info, provider, now, million, 0, 0),
        output_per_mtok=_library_cost(info, provider, now, 0, million, 0),
        cached_input_per_mtok=_library_cost(info, provider, now, million, 0, million),
    )


def _library_cost(
    info: ModelInfo, provider: Provider, now: datetime, inputs: int, outputs: int, cached: int
) -> Decimal:
    usage = genai_prices.Usage(input_tokens=inputs, output_tokens=outputs, cache_read_tokens=cached)
    return Decimal(info.calc_price(usage, provider, genai_request_timestamp=now).total_price)


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
