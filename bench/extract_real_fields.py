"""How bench/extract_real.py compares an extracted posting with its hand labels.

Text fields match when equal after Unicode NFKC, case folding and collapsing
spaces (a label "Remote" and an answer "remote" are the same). Dates match as
`YYYY-MM-DD`; a label `--MM-DD` (an ad that gives no year) matches any year.
Salary matches when currency, min, max and unit are all equal. apply_url: a
`mailto:` label matches the answer's apply e-mail (address only); any other
label matches the answer's apply URL (a relative label is resolved against the
page URL); a null label matches an answer without an apply URL. skills_sample
matches when every phrase occurs in the answer's description or lists; an empty
sample is not counted.
"""

import unicodedata
from decimal import Decimal
from typing import Any
from urllib.parse import unquote, urljoin

FIELDS = (
    "title",
    "company",
    "location",
    "employment_type",
    "remote",
    "salary",
    "date_posted",
    "valid_through",
    "apply_url",
    "skills_sample",
)
# Label name -> extracted field name, where they differ.
_DATA_NAME = {"valid_through": "closing_date", "apply_url": "how_to_apply"}


def _norm(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())


def _same_text(expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return _norm(expected) == _norm(got)


def _same_date(expected: str | None, got: str | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if expected.startswith("--"):
        return got[4:] == expected[1:]
    return got == expected


def _amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _same_salary(expected: dict[str, Any] | None, got: dict[str, Any] | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return (
        expected.get("currency") == got.get("currency")
        and _amount(expected.get("min")) == _amount(got.get("min"))
        and _amount(expected.get("max")) == _amount(got.get("max"))
        and expected.get("unit") == got.get("unit")
    )


def _mail_address(mailto: str) -> str:
    return unquote(mailto.removeprefix("mailto:").split("?", 1)[0]).strip().lower()


def _same_apply(expected: str | None, got: dict[str, Any] | None, page_url: str) -> bool:
    got = got or {}
    if expected is None:
        return not got.get("url")
    if expected.lower().startswith("mailto:"):
        return _mail_address(expected) == (got.get("email") or "").strip().lower()
    return urljoin(page_url, expected) == got.get("url")


def _skills_found(sample: list[str], data: dict[str, Any]) -> bool:
    parts = [data.get("description") or ""]
    for name in ("responsibilities", "requirements", "skills", "benefits"):
        parts.extend(data.get(name) or [])
    haystack = _norm(" ".join(parts))
    return all(_norm(phrase) in haystack for phrase in sample)


def _shown(value: Any) -> str:
    return repr(value)[:160]


def compare_fields(
    label: dict[str, Any], data: dict[str, Any] | None, page_url: str
) -> list[tuple[str, bool | None, str]]:
    """(field, matched or None when not counted, what was expected and found) per field."""
    results: list[tuple[str, bool | None, str]] = []
    for name in FIELDS:
        expected = label.get(name)
        got = None if data is None else data.get(_DATA_NAME.get(name, name))
        if name == "skills_sample":
            if not expected:
                results.append((name, None, ""))
                continue
            matched = data is not None and _skills_found(expected, data)
            got = None if data is None else (data.get("description") or "")[:80]
        elif data is None:
            matched = False
        elif name == "salary":
            matched = _same_salary(expected, got)
        elif name in ("date_posted", "valid_through"):
            matched = _same_date(expected, got)
        elif name == "apply_url":
            matched = _same_apply(expected, got, page_url)
        elif name == "remote":
            matched = expected == got
        else:
            matched = _same_text(expected, got)
        found = "no answer" if data is None else f"got {_shown(got)}"
        results.append((name, matched, f"expected {_shown(expected)}, {found}"))
    return results
