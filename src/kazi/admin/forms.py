"""Parsing the few kinds of values the dashboard's forms carry."""

from datetime import date
from decimal import Decimal, InvalidOperation

MICRO_PER_UNIT = 1_000_000
MAX_USD_PER_MTOK = Decimal(1_000_000)


class FormError(ValueError):
    """A field's value is not acceptable; the message names the field."""


def micro_usd(label: str, text: str, *, required: bool = True) -> int | None:
    """A dollar amount such as "0.15" as integer micro-dollars; at most 6 decimals."""
    text = text.strip().removeprefix("$").replace(",", "")
    if not text:
        if required:
            raise FormError(f"{label}: enter an amount in USD.")
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise FormError(f"{label}: not a number.") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_USD_PER_MTOK:
        raise FormError(f"{label}: must be between 0 and {MAX_USD_PER_MTOK:,}.")
    micro = amount * MICRO_PER_UNIT
    if micro != micro.to_integral_value():
        raise FormError(f"{label}: at most 6 decimal places (one micro-dollar).")
    return int(micro)


def whole_number(label: str, text: str, maximum: int = 2**62) -> int | None:
    """A non-negative integer, or None when the field is empty (no limit)."""
    text = text.strip().replace(",", "").replace("_", "")
    if not text:
        return None
    if not text.isdigit() or int(text) > maximum:
        raise FormError(f"{label}: a whole number from 0 to {maximum:,}.")
    return int(text)


def day_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None
