"""The job's keywords, and which of them a document covers."""

import re
from collections.abc import Iterable, Iterator

from pydantic import BaseModel, Field

from kazi.documents.text import contains_phrase, normalise, strip_markdown, with_aliases
from kazi.documents.vocabulary import (
    CERTIFICATION_TERMS,
    COMMON_SKILLS,
    GENERIC_REQUIREMENT_WORDS,
    MONTHS,
    NOT_ENTITIES,
    PLACE_NAMES,
)
from kazi.jobs.posting import JobData

# Acronyms (SQL, IFRS), CamelCase (QuickBooks), and symbol-bearing names (C++, C#, Node.js).
_TECHNICAL_TOKEN = re.compile(
    r"(?<![\w.])(?:[A-Za-z]+[+#]+|\.?[A-Za-z]+\.(?:js|net|NET)|[A-Z]{2,}[a-z]?"
    r"|[A-Z][a-z]+[A-Z][A-Za-z]*)(?![\w+#])"
)
_CAPITALISED_RUN = re.compile(r"(?<![\w.-])[A-Z][\w&'-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w&'-]*){0,3}")
_CLAUSE_START = re.compile(r"(?:^|[.:;!?(\n•*-])\s*$")
_SHORT_ENTRY_WORDS = 4
_CERTIFICATIONS = {normalise(t) for t in CERTIFICATION_TERMS}
_DEGREE_HEADS = {"bachelor", "master", "diploma", "degree", "phd", "mba", "kcse", "bsc", "msc"}


class Coverage(BaseModel):
    """Which of the job's keywords the document's own text mentions."""

    keywords: list[str] = Field(default_factory=list)
    covered: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    ratio: float = Field(1.0, description="covered / keywords; 1.0 when the job names none")


def _is_generic(term: str) -> bool:
    words = normalise(term).split()
    return (
        not words
        or len(term) < 2
        or normalise(term) in PLACE_NAMES
        or all(w in GENERIC_REQUIREMENT_WORDS or w in NOT_ENTITIES or w in MONTHS for w in words)
    )


def _capitalised_terms(text: str) -> Iterator[str]:
    """Capitalised runs that do not merely start a sentence ("... in Financial Reporting")."""
    for match in _CAPITALISED_RUN.finditer(text):
        if _CLAUSE_START.search(text[max(0, match.start() - 8) : match.start()]):
            continue
        yield match.group(0)


def _terms_in(text: str, *, plain_capitalised: bool) -> Iterator[str]:
    normalised = normalise(text)
    yield from (term for term in COMMON_SKILLS if contains_phrase(normalised, term))
    yield from (t for t in CERTIFICATION_TERMS if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text))
    yield from (m.group(0) for m in _TECHNICAL_TOKEN.finditer(text))
    if plain_capitalised:
        yield from _capitalised_terms(text)


def _entry_terms(entry: str, *, plain_capitalised: bool) -> Iterator[str]:
    cleaned = entry.strip(" .;:-•*\t")
    if 0 < len(cleaned.split()) <= _SHORT_ENTRY_WORDS:
        yield cleaned  # a skills list entry is already a keyword ("Financial reporting")
    else:
        yield from _terms_in(cleaned, plain_capitalised=plain_capitalised)


def _unique(terms: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for term in terms:
        key = normalise(term)
        if key not in seen and not _is_generic(term):
            seen[key] = term
    return list(seen.values())


def job_keywords(job: JobData | None) -> list[str]:
    """The posting's skill and requirement keywords, in posting order, without duplicates."""
    if job is None:
        return []
    from_skills = (t for e in job.skills for t in _entry_terms(e, plain_capitalised=True))
    from_requirements = (t for r in job.requirements for t in _terms_in(r, plain_capitalised=True))
    return _unique([*from_skills, *from_requirements])


def skill_vocabulary(job: JobData | None) -> tuple[str, ...]:
    """Terms that, when a document mentions them, claim a skill the profile must support.

    Plain capitalised words from requirements ("Finance") are left out: in a letter they
    are as likely to name the employer's department as to claim a skill.
    """
    job_terms: list[str] = []
    if job is not None:
        job_terms += [t for e in job.skills for t in _entry_terms(e, plain_capitalised=False)]
        job_terms += [t for r in job.requirements for t in _terms_in(r, plain_capitalised=False)]
    terms = _unique([*COMMON_SKILLS, *job_terms])
    return tuple(t for t in terms if not _is_qualification(t))


def _is_qualification(term: str) -> bool:
    # Qualifications have their own checks; counting them as skills would report twice.
    key = normalise(term)
    return key in _CERTIFICATIONS or any(w in _DEGREE_HEADS for w in key.split())


def keyword_coverage(text: str, job: JobData | None) -> Coverage:
    keywords = job_keywords(job)
    if not keywords:
        return Coverage()
    haystack = with_aliases(normalise(strip_markdown(text)))
    covered = [k for k in keywords if contains_phrase(haystack, k)]
    missing = [k for k in keywords if k not in covered]
    return Coverage(
        keywords=keywords,
        covered=covered,
        missing=missing,
        ratio=round(len(covered) / len(keywords), 4),
    )
