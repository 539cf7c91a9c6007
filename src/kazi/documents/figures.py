"""Dates and figures a profile (or one of its entries) states, and honest rounding.

"Over 2 million" is true of 2.3 million; "nearly 10 years" of 9 years and 9 months;
"180+" of 180. A bound is accepted only when the profile's figure makes it true and is
not far off (an "over 2" backed by a 500 would mislead as much as an invented figure).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kazi.documents.facts import Claim, ClaimKind, extract_values
from kazi.profiles.schemas import Work

_CLOSE = Decimal("0.5")  # "over X" needs a figure no more than twice X
_NEARLY = Decimal("0.85")  # "nearly X" needs at least 85 % of X
_ABOUT = Decimal("0.1")  # "about X" is within 10 %


@dataclass(frozen=True)
class Figures:
    years: frozenset[int]
    month_years: frozenset[str]  # "2019-03"
    numbers: tuple[tuple[str, Decimal], ...]  # (unit, amount)
    experience_months: int  # from the first job's start to the last one's end (or today)
    stated_experience: int  # the most years of experience the profile's text states

    @classmethod
    def of(
        cls,
        dates: Sequence[str],
        prose: Iterable[str],
        *,
        span: tuple[str | None, str | None] | None = None,
        work: Sequence[Work] = (),
        today: date,
    ) -> "Figures":
        values = [claim for text in prose for claim in extract_values(text)]
        years = {int(d[:4]) for d in dates}
        years |= {
            int(c.key[:4]) for c in values if c.kind in (ClaimKind.YEAR, ClaimKind.MONTH_YEAR)
        }
        if span and span[0]:
            end = int(span[1][:4]) if span[1] else today.year
            years |= set(range(int(span[0][:4]), end + 1))  # an entry's own years
        months = {d[:7] for d in dates if len(d) >= 7}
        months |= {c.key for c in values if c.kind is ClaimKind.MONTH_YEAR}
        stated = [int(c.key) for c in values if c.kind is ClaimKind.EXPERIENCE]
        return cls(
            years=frozenset(years),
            month_years=frozenset(months),
            numbers=tuple(
                (c.unit, c.amount)
                for c in values
                if c.kind is ClaimKind.NUMBER and c.amount is not None
            ),
            experience_months=_experience_months(work, today),
            stated_experience=max(stated, default=0),
        )


def _months(value: str, *, end: bool) -> int:
    year, month = int(value[:4]), int(value[5:7]) if len(value) >= 7 else (12 if end else 1)
    return year * 12 + month


def _experience_months(work: Sequence[Work], today: date) -> int:
    dated = [w for w in work if w.start_date]
    if not dated:
        return 0
    start = min(_months(w.start_date or "", end=False) for w in dated)
    ends = [
        _months(w.end_date, end=True) if w.end_date else today.year * 12 + today.month
        for w in dated
    ]
    return max(ends) - start + 1


def _bound_holds(claimed: Decimal, actual: Decimal, qualifier: str) -> bool:
    if qualifier == "over":
        return claimed < actual <= claimed / _CLOSE
    if qualifier == "at_least":
        return claimed <= actual <= claimed / _CLOSE
    if qualifier == "nearly":
        return claimed * _NEARLY <= actual <= claimed
    if qualifier == "about":
        return abs(actual - claimed) <= claimed * _ABOUT
    return actual == claimed


def figure_supported(figures: Figures, claim: Claim) -> bool:
    assert claim.amount is not None
    if not claim.unit and claim.amount <= 1 and not claim.qualifier:
        return True  # "1" and "0" are too common to be claims worth checking
    return any(
        _bound_holds(claim.amount, amount, claim.qualifier)
        and (not unit or not claim.unit or unit == claim.unit)
        for unit, amount in figures.numbers
    )


def experience_supported(figures: Figures, claim: Claim) -> bool:
    """Years of experience, computed from the profile's dates (or a figure it states).

    Understating is never an error; a plain "6 years" may round 5 years 7 months up.
    """
    claimed = Decimal(claim.key)
    if claimed <= figures.stated_experience:
        return True
    actual = Decimal(figures.experience_months) / 12
    if claim.qualifier == "over":
        return actual > claimed
    if claim.qualifier == "at_least":
        return actual >= claimed
    if claim.qualifier == "nearly":
        return actual >= claimed * _NEARLY
    if claim.qualifier == "about":
        return actual >= claimed * (1 - _ABOUT)
    return actual + Decimal("0.5") >= claimed
