"""What the profile (and, for names only, the job) can vouch for, and the support test.

Everything is indexed once per validation: the profile's text for phrases, its dates
for years and months, the numbers written anywhere in it, and its contact details.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from kazi.documents.coverage import skill_vocabulary
from kazi.documents.facts import Claim, ClaimKind, extract_values
from kazi.documents.profile import Profile
from kazi.documents.text import (
    FIELD_SEPARATOR,
    contains_phrase,
    join_fields,
    normalise,
    with_aliases,
)
from kazi.documents.vocabulary import ALWAYS_ALLOWED, ORG_NAME_TAILS
from kazi.jobs.posting import JobData

_DATE_FIELDS = frozenset({"start_date", "end_date", "date"})
_GRADE_TOKEN = re.compile(r"(?<!\w)([A-E][+-]?)(?![\w+-])")


@dataclass(frozen=True)
class Evidence:
    corpus: str  # the user's own profile text, normalised, abbreviations expanded
    education: str  # education and certificates only: degrees are checked here
    names: str  # corpus plus the job's own names (company, title, location)
    # Referees' titles and employers are theirs, not the user's: only a referee entry may
    # repeat them (see `with_referees`).
    referee_text: str
    verbatim: frozenset[str]  # profile strings: an exact copy needs no further check
    years: frozenset[int]
    month_years: frozenset[str]  # "2019-03"
    numbers: tuple[tuple[str, Decimal], ...]  # (unit, amount)
    max_experience_years: int
    emails: frozenset[str]
    phones: frozenset[str]
    urls: frozenset[str]
    grades: frozenset[str]
    skill_terms: tuple[str, ...]
    job_phrases: tuple[str, ...]  # blanked out of free text before claims are sought


def with_referees(evidence: Evidence) -> Evidence:
    """Evidence for checking a referee entry, which may name the referee's title and employer."""
    return replace(
        evidence,
        corpus=FIELD_SEPARATOR.join([evidence.corpus, evidence.referee_text]),
        names=FIELD_SEPARATOR.join([evidence.names, evidence.referee_text]),
    )


def profile_strings(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    """(field name, text) for every string in a dumped profile, depth first."""
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from profile_strings(child, str(child_key))
    elif isinstance(value, list):
        for item in value:
            yield from profile_strings(item, key)
    elif isinstance(value, str) and value.strip():
        yield key, value


def phone_digits(phone: str) -> str:
    """Comparable form of a phone number: +254 712 ... and 0712 ... are the same."""
    digits = re.sub(r"\D", "", phone)
    for prefix in ("00254", "254"):
        if digits.startswith(prefix) and len(digits) > 9:
            return "0" + digits[len(prefix) :]
    return digits


def url_key(url: str) -> str:
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower())
    return bare.rstrip("/")


def _split_strings(profile: Profile) -> tuple[list[str], list[str], list[str]]:
    """(date fields, the user's own prose, referees' prose) of the profile."""
    dump = profile.model_dump(mode="json")
    referees = [text for _, text in profile_strings(dump.pop("references", []))]
    strings = list(profile_strings(dump))
    dates = [text for key, text in strings if key in _DATE_FIELDS]
    return dates, [text for key, text in strings if key not in _DATE_FIELDS], referees


def build_evidence(profile: Profile, job: JobData | None, today: date | None = None) -> Evidence:
    dates, prose, referees = _split_strings(profile)
    values = [claim for text in prose for claim in extract_values(text)]
    contacts = values + [claim for text in referees for claim in extract_values(text)]
    education_dump = profile.model_dump(mode="json", include={"education", "certificates"})
    job_names = _job_names(job)
    corpus = with_aliases(join_fields(prose))
    return Evidence(
        corpus=corpus,
        education=with_aliases(join_fields(t for _, t in profile_strings(education_dump))),
        names=FIELD_SEPARATOR.join([corpus, join_fields(job_names), *sorted(ALWAYS_ALLOWED)]),
        referee_text=join_fields(referees),
        verbatim=frozenset(normalise(text) for text in prose + referees),
        years=_years(dates, values),
        month_years=_month_years(dates, values),
        numbers=tuple(
            (c.unit, c.amount)
            for c in values
            if c.kind is ClaimKind.NUMBER and c.amount is not None
        ),
        max_experience_years=_max_experience(profile, values, today or date.today()),
        emails=_emails(profile, contacts, job),
        phones=frozenset(phone_digits(c.text) for c in contacts if c.kind is ClaimKind.PHONE)
        | frozenset({phone_digits(profile.basics.phone or "")} - {""}),
        urls=frozenset(url_key(c.text) for c in contacts if c.kind is ClaimKind.URL)
        | _job_urls(job),
        grades=frozenset(
            m.group(1) for e in profile.education for m in _GRADE_TOKEN.finditer(e.score or "")
        ),
        skill_terms=skill_vocabulary(job),
        job_phrases=tuple(sorted(job_names, key=len, reverse=True)),
    )


def _job_names(job: JobData | None) -> list[str]:
    if job is None:
        return []
    return [name for name in (job.title, job.company, job.location) if name and name.strip()]


def _job_urls(job: JobData | None) -> frozenset[str]:
    url = job.how_to_apply.url if job and job.how_to_apply else None
    return frozenset({url_key(url)}) if url else frozenset()


def _emails(profile: Profile, values: list[Claim], job: JobData | None) -> frozenset[str]:
    found = {c.key for c in values if c.kind is ClaimKind.EMAIL}
    if profile.basics.email:
        found.add(str(profile.basics.email).lower())
    if job and job.how_to_apply and job.how_to_apply.email:
        found.add(job.how_to_apply.email.lower())  # a letter may address the application inbox
    return frozenset(found)


def _years(dates: list[str], values: list[Claim]) -> frozenset[int]:
    found = {int(d[:4]) for d in dates}
    found |= {int(c.key[:4]) for c in values if c.kind in (ClaimKind.YEAR, ClaimKind.MONTH_YEAR)}
    return frozenset(found)


def _month_years(dates: list[str], values: list[Claim]) -> frozenset[str]:
    found = {d[:7] for d in dates if len(d) >= 7}
    found |= {c.key for c in values if c.kind is ClaimKind.MONTH_YEAR}
    return frozenset(found)


def _max_experience(profile: Profile, values: list[Claim], today: date) -> int:
    """The most years of experience the profile can back: its work span, or a stated figure."""
    starts = [int(w.start_date[:4]) for w in profile.work if w.start_date]
    ends = [int(w.end_date[:4]) if w.end_date else today.year for w in profile.work if w.start_date]
    span = max(ends) - min(starts) if starts else 0
    stated = [int(c.key) for c in values if c.kind is ClaimKind.EXPERIENCE]
    return max([span, *stated])


def _name_supported(evidence: Evidence, key: str) -> bool:
    """An organisation or title is supported if the profile (or the job) names it.

    Legal tails are ignored ("Safaricom PLC" supports "Safaricom"), and a run of three or
    more words made of two names the user's own profile has ("KCB Bank Relationship
    Manager") is accepted too.
    """
    words = key.split()
    while len(words) > 1 and words[-1].strip(".") in ORG_NAME_TAILS:
        words.pop()
    core = " ".join(words)
    if not core or contains_phrase(evidence.names, core):
        return True
    return len(words) >= 3 and any(
        contains_phrase(evidence.corpus, " ".join(words[:cut]))
        and contains_phrase(evidence.corpus, " ".join(words[cut:]))
        for cut in range(1, len(words))
    )


def _number_supported(evidence: Evidence, claim: Claim) -> bool:
    if claim.amount is None:  # a token such as "4G" or "B2B": must appear as written
        return contains_phrase(evidence.corpus, claim.key)
    if not claim.unit and claim.amount <= 1:
        return True  # "1" and "0" are too common to be claims worth checking
    return any(
        amount == claim.amount and (not unit or not claim.unit or unit == claim.unit)
        for unit, amount in evidence.numbers
    )


def _degree_supported(evidence: Evidence, claim: Claim) -> bool:
    level_ok = not claim.key or contains_phrase(evidence.education, claim.key)
    return level_ok and (not claim.subject or contains_phrase(evidence.education, claim.subject))


def is_supported(evidence: Evidence, claim: Claim) -> bool:
    """Whether the profile backs this claim."""
    kind = claim.kind
    if kind is ClaimKind.YEAR:
        return int(claim.key) in evidence.years
    if kind is ClaimKind.MONTH_YEAR:
        return claim.key in evidence.month_years
    if kind is ClaimKind.NUMBER:
        return _number_supported(evidence, claim)
    if kind is ClaimKind.EXPERIENCE:
        return int(claim.key) <= evidence.max_experience_years
    if kind in (ClaimKind.ORGANISATION, ClaimKind.TITLE):
        return claim.key in ALWAYS_ALLOWED or _name_supported(evidence, claim.key)
    if kind is ClaimKind.DEGREE:
        return _degree_supported(evidence, claim)
    if kind is ClaimKind.DEGREE_CLASS:
        return contains_phrase(evidence.education, claim.key)
    if kind is ClaimKind.GRADE:
        return claim.key in evidence.grades
    if kind in (ClaimKind.CERTIFICATION, ClaimKind.SKILL):
        return contains_phrase(evidence.corpus, claim.key)
    if kind is ClaimKind.EMAIL:
        return claim.key in evidence.emails
    if kind is ClaimKind.PHONE:
        return phone_digits(claim.text) in evidence.phones
    return url_key(claim.text) in evidence.urls
