"""Quota periods: a UTC day or a calendar month, and when each one ends."""

from datetime import UTC, date, datetime, time, timedelta


def period_start(period: str, today: date) -> date:
    return today.replace(day=1) if period == "month" else today


def resets_at(period: str, start: date) -> datetime:
    """The first moment (UTC) of the next period."""
    if period == "month":
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        end = start + timedelta(days=1)
    return datetime.combine(end, time(0), UTC)
