"""Matching a job's typed requirements to the profile entries that prove them.

A match keeps the profile's own words as `evidence` ("CPA (K)", "Bachelor of Commerce
in Accounting", "Excel"), so a document can cite it as written and the fact checker
finds it in the profile. An unmet requirement has no evidence: it is reported to the
user and never claimed.
"""

from dataclasses import dataclass
from datetime import date

from kazi.documents.builtin.requirements import (
    Kind,
    Priority,
    Requirement,
    degree_level,
    read_requirements,
)
from kazi.documents.builtin.wording import (
    body_phrase,
    frozen_words,
    is_group_heading,
    qualification_phrase,
)
from kazi.documents.text import contains_phrase, normalise
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Certificate, Education, Profile

# Words that say what kind of paper a certificate is, not which one.
_GENERIC_WORDS = frozen_words(
    """a an the valid current active full with of in by from for and or to registration
    registered licence license licensed certificate certification certified member
    membership practising practicing body professional relevant recognised must be
    have hold holder"""
)
_LANGUAGE_ALIASES = {"swahili": "kiswahili"}


@dataclass(frozen=True)
class Match:
    requirement: Requirement
    evidence: str | None  # the profile's words that prove it; None when unmet

    @property
    def met(self) -> bool:
        return self.evidence is not None

    @property
    def must(self) -> bool:
        return self.requirement.priority is Priority.MUST


def match_requirements(
    profile: Profile, job: JobData | None, today: date | None = None
) -> list[Match]:
    """Each requirement of the posting with the profile evidence that meets it, if any."""
    years = total_years(profile, today or date.today())
    return [Match(item, _evidence(profile, item, years)) for item in read_requirements(job)]


def total_years(profile: Profile, today: date) -> int:
    """Whole years worked, from the work dates; overlapping jobs are counted once."""
    spans = sorted(
        (_month_index(w.start_date), _month_index(w.end_date) if w.end_date else _today(today))
        for w in profile.work
        if w.start_date
    )
    months, reach = 0, -1
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            months += end - start
            reach = end
    return months // 12


def _month_index(value: str) -> int:
    month = int(value[5:7]) - 1 if len(value) >= 7 else 0
    return int(value[:4]) * 12 + month


def _today(today: date) -> int:
    return today.year * 12 + today.month - 1


def _evidence(profile: Profile, item: Requirement, years: int) -> str | None:
    if item.kind is Kind.YEARS:
        return f"{years} years" if years >= item.level else None
    if item.kind is Kind.DEGREE:
        entry = _degree_entry(profile, item)
        return qualification_phrase(entry) if entry else None
    if item.kind in (Kind.CERTIFICATION, Kind.LICENCE, Kind.MEMBERSHIP):
        certificate = _certificate(profile, item)
        return certificate.name if certificate else None
    if item.kind is Kind.LANGUAGE:
        return _language(profile, item)
    return _skill(profile, item)


def _degree_entry(profile: Profile, item: Requirement) -> Education | None:
    """The highest qualification that meets the item's level and one of its fields."""
    found: list[tuple[int, int, Education]] = []
    for position, entry in enumerate(profile.education):
        written = " ".join(p for p in (entry.study_type, entry.area) if p)
        level = degree_level(entry.study_type or "", lowest=False)
        if level is None or level < item.level or (item.level == 0 and level > 0):
            continue
        if not item.options or any(_shares_words(written, field) for field in item.options):
            found.append((-level, position, entry))
    return min(found, key=lambda f: f[:2])[2] if found else None


def _certificate(profile: Profile, item: Requirement) -> Certificate | None:
    for entry in profile.certificates:
        written = normalise(f"{entry.name} | {entry.issuer or ''}")
        if any(_names_it(written, option) for option in item.options):
            return entry
    return None


def _names_it(written: str, option: str) -> bool:
    """An acronym or body name appears whole; a plain phrase shares its specific words."""
    if contains_phrase(written, option):
        return True
    specific = set(normalise(option).split()) - _GENERIC_WORDS
    return bool(specific) and all(contains_phrase(written, word) for word in specific)


def _shares_words(written: str, wanted: str) -> bool:
    words = set(normalise(wanted).split()) - _GENERIC_WORDS
    return bool(words) and any(contains_phrase(normalise(written), w) for w in words)


def _language(profile: Profile, item: Requirement) -> str | None:
    spoken = {_LANGUAGE_ALIASES.get(normalise(x.language), normalise(x.language)): x.language
              for x in profile.languages}  # fmt: skip
    for option in item.options:
        key = normalise(option)
        if _LANGUAGE_ALIASES.get(key, key) in spoken:
            return spoken[_LANGUAGE_ALIASES.get(key, key)]
    return None


def credential_phrase(entry: Certificate, match: Match, language: str = "en") -> str:
    """The certificate's name, with its issuer when only the issuer names what was asked."""
    named = any(contains_phrase(normalise(entry.name), o) for o in match.requirement.options)
    if named or not entry.issuer:
        return entry.name
    if language == "sw":
        return f"{entry.name} kutoka {entry.issuer}"
    return f"{entry.name} from {body_phrase(entry.issuer)}"


def membership_body(match: Match) -> str:
    """The body a membership names ("ICPAK"), as the profile's certificate also names it."""
    written = normalise(match.evidence or "")
    named = [o for o in match.requirement.options if contains_phrase(written, o)]
    return named[0] if named else match.evidence or ""


def _skill(profile: Profile, item: Requirement) -> str | None:
    """A profile skill (or keyword) named like the option, else the option if work shows it.

    A skill also meets an option that contains its name ("Tax" meets "tax compliance"),
    unless it is a group heading over several keywords ("Tools"): those only stand for
    their keywords.
    """
    for option in item.options:
        for skill in profile.skills:
            for name in (skill.name, *skill.keywords):
                if contains_phrase(normalise(name), option):
                    return name
            names = [*skill.keywords, *([] if is_group_heading(skill) else [skill.name])]
            for name in names:
                if len(name) > 2 and contains_phrase(normalise(option), name):
                    return name
    work_text = normalise(
        " | ".join(h for w in profile.work for h in [w.position or "", *w.highlights])
    )
    for option in item.options:
        if contains_phrase(work_text, option):
            return option
    return None
