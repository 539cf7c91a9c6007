"""`cost_of` gives the library's own price for every model of the three vendors, whether
it applies the rates read off an untiered price or prices a tiered one through it."""

from decimal import Decimal

import genai_prices
import pytest
from genai_prices.data_snapshot import get_snapshot
from genai_prices.types import TieredPrices

from kazi.llm.pricing import PriceOverride, cost_of
from kazi.llm.types import Usage

VENDORS = {"openai": "openai", "gemini": "google", "claude": "anthropic"}
# (input, output, cached): plain, mostly cached, nothing, above the 200k-token tiers.
USAGES = [(1234, 567, 0), (1234, 567, 1000), (0, 0, 0), (300_000, 4321, 120_000)]


def _models(vendor: str) -> list[str]:
    provider = next(p for p in get_snapshot().providers if p.id == vendor)
    return [model.id for model in provider.models]


def _library(vendor: str, model: str, inputs: int, outputs: int, cached: int) -> Decimal | None:
    usage = genai_prices.Usage(input_tokens=inputs, output_tokens=outputs, cache_read_tokens=cached)
    try:
        return Decimal(genai_prices.calc_price(usage, model, provider_id=vendor).total_price)
    except LookupError:  # an id its own matching does not find (a fine-tune's, say)
        return None


@pytest.mark.parametrize("provider_type", sorted(VENDORS))
def test_every_model_costs_what_the_library_says(provider_type: str) -> None:
    vendor = VENDORS[provider_type]
    models = _models(vendor)
    assert len(models) > 10
    for model in models:
        for inputs, outputs, cached in USAGES:
            expected = _library(vendor, model, inputs, outputs, cached)
            got = cost_of(provider_type, model, Usage(inputs, outputs, cached_tokens=cached))
            assert got == expected, (model, inputs, outputs, cached)


@pytest.mark.parametrize(
    ("vendor", "base_url"),
    [("deepseek", "https://api.deepseek.com/v1"), ("groq", "https://api.groq.com/openai/v1")],
)
def test_an_openai_compatible_endpoint_is_priced_by_its_url(vendor: str, base_url: str) -> None:
    for model in _models(vendor):
        for inputs, outputs, cached in USAGES:
            priced = genai_prices.Usage(
                input_tokens=inputs, output_tokens=outputs, cache_read_tokens=cached
            )
            try:
                result = genai_prices.calc_price(priced, model, provider_api_url=base_url)
                expected: Decimal | None = Decimal(result.total_price)
            except LookupError:
                expected = None
            usage = Usage(inputs, outputs, cached_tokens=cached)
            got = cost_of("openai-compatible", model, usage, base_url=base_url)
            assert got == expected, (model, inputs, outputs, cached)


def test_the_check_covers_tiered_prices() -> None:
    """Some of those models are tiered: the comparison above reaches both paths."""
    tiered = [
        model.id
        for provider in get_snapshot().providers
        if provider.id in VENDORS.values()
        for model in provider.models
        if not isinstance(model.prices, list)
        and any(isinstance(value, TieredPrices) for value in vars(model.prices).values())
    ]
    assert tiered


def test_an_override_and_an_unknown_model() -> None:
    override = PriceOverride(Decimal(2), Decimal(8), Decimal("0.5"))
    usage = Usage(1_000_000, 500_000, cached_tokens=400_000)
    assert cost_of("openai", "gpt-4o-mini", usage, override=override) == Decimal("5.4")
    assert cost_of("openai", "no-such-model-anywhere", usage) is None
    assert cost_of("openai-compatible", "gpt-4o-mini", usage) is None  # no URL to go by
