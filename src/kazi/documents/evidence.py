"""What the profile (and, for names only, the job) can vouch for, and the support test.

Everything is indexed once per validation: the profile's fields as canonical phrases
(`index.py`), its dates and figures overall and per entry (a job's dates and the figures
of its highlights belong to that job), its languages and its contact details.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from kazi.documents.coverage import skill_vocabulary
from kazi.documents.facts import Claim, ClaimKind, extract_values
from kazi.documents.figures import Figures, experience_supported, figure_supported
from kazi.documents.index import PhraseIndex
from kazi.documents.lexicon import language_of
from kazi.documents.text import normalise
from kazi.documents.vocabulary import ALWAYS_ALLOWED
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Education, Profile, Work

_DATE_FIELDS = frozenset({"start_date", "end_date", "date"})
_SKILL_PARTS = re.compile(r"[(),;/]")
_GENERIC_TAIL = re.compile(r"(?i)(?<=\w)\s+skills?$")
_GRADE_TOKEN = re.compile(r"(?<![\w])([A-E][+-]?)(?![\w+-])")


@dataclass(frozen=True)
class Scope:
    """What one profile entry (a job, a course of study) vouches for."""

    entry: str  # its path in the profile, "work[1]"
    name: PhraseIndex
    figures: Figures


@dataclass(frozen=True)
class Evidence:
    index: PhraseIndex  # the user's own profile text
    names: PhraseIndex  # the profile's names: employers, titles, schools, certificates
    titles: PhraseIndex  # the positions the user held
    education: PhraseIndex  # education and certificates only: degrees are checked here
    job: PhraseIndex  # the job's own names and the words that address a reader
    referees: PhraseIndex  # referees' titles and employers: theirs, not the user's
    verbatim: frozenset[str]  # profile strings: an exact copy needs no further check
    figures: Figures  # every date and figure in the profile
    languages: frozenset[str]  # canonical names ("swahili")
    emails: frozenset[str]
    phones: frozenset[str]
    urls: frozenset[str]
    grades: frozenset[str]
    skill_terms: tuple[str, ...]
    job_title: str
    job_company: str
    work: tuple[Scope, ...]
    schools: tuple[Scope, ...]
    scope: Scope | None = None  # set inside an entry: its dates and figures only
    with_referee_names: bool = field(default=False)

    def in_scope(self, scope: Scope | None) -> "Evidence":
        return replace(self, scope=scope)

    def entry_named(self, written: str, entries: tuple[Scope, ...]) -> Scope | None:
        return next((entry for entry in entries if entry.name.names(written)), None)

    def phrase_supported(self, phrase: str) -> bool:
        return self.index.supports(phrase) or (
            self.with_referee_names and self.referees.supports(phrase)
        )

    def skill_supported(self, name: str) -> bool:
        """A skill, or each part of "Python (Django, FastAPI)"; a trailing "skills" ignored."""
        parts = [p.strip() for p in _SKILL_PARTS.split(name) if p.strip()]
        return all(self.phrase_supported(_GENERIC_TAIL.sub("", part)) for part in parts)

    def name_supported(self, phrase: str) -> bool:
        """An organisation or title the profile names, or one of the job's own names."""
        return (
            self.names.names(phrase)
            or self.phrase_supported(phrase)
            or self.job.supports(phrase)
            or (self.with_referee_names and self.referees.names(phrase))
        )


def with_referees(evidence: Evidence) -> Evidence:
    """Evidence for checking a referee entry, which may name the referee's title and employer."""
    return replace(evidence, with_referee_names=True)


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


def _prose(value: object) -> list[str]:
    return [text for key, text in profile_strings(value) if key not in _DATE_FIELDS]


def _dates(value: object) -> list[str]:
    return [text for key, text in profile_strings(value) if key in _DATE_FIELDS]


def _entry_scope(path: str, entry: Work | Education, name: str, today: date) -> Scope:
    dump = entry.model_dump(mode="json")
    return Scope(
        path,
        PhraseIndex.of([name]),
        Figures.of(
            _dates(dump), _prose(dump), span=(entry.start_date, entry.end_date), today=today
        ),
    )


def _name_fields(profile: Profile) -> list[str]:
    names = [w.name for w in profile.work] + [w.position or "" for w in profile.work]
    names += [e.institution for e in profile.education]
    names += [f"{e.study_type or ''} {e.area or ''}" for e in profile.education]
    names += [c.name for c in profile.certificates] + [c.issuer or "" for c in profile.certificates]
    names += [p.name for p in profile.projects] + [s.name for s in profile.skills]
    names += [k for s in profile.skills for k in s.keywords]
    return [n for n in names if n.strip()]


def build_evidence(profile: Profile, job: JobData | None, today: date | None = None) -> Evidence:
    today = today or date.today()
    dump = profile.model_dump(mode="json")
    referees = _prose(dump.pop("references", []))
    prose = _prose(dump)
    values = [claim for text in prose for claim in extract_values(text)]
    contacts = values + [claim for text in referees for claim in extract_values(text)]
    education_dump = profile.model_dump(mode="json", include={"education", "certificates"})
    return Evidence(
        index=PhraseIndex.of(prose),
        names=PhraseIndex.of(_name_fields(profile)),
        titles=PhraseIndex.of(
            [w.position or "" for w in profile.work]
            + [r for p in profile.projects for r in p.roles]
        ),
        education=PhraseIndex.of(_prose(education_dump)),
        job=PhraseIndex.of([*_job_places(job), *ALWAYS_ALLOWED]),
        referees=PhraseIndex.of(referees),
        verbatim=frozenset(normalise(text) for text in prose + referees),
        figures=Figures.of(_dates(dump), prose, work=profile.work, today=today),
        languages=frozenset(
            language_of(lang.language) or normalise(lang.language) for lang in profile.languages
        ),
        emails=_emails(profile, contacts, job),
        phones=frozenset(phone_digits(c.text) for c in contacts if c.kind is ClaimKind.PHONE)
        | frozenset({phone_digits(profile.basics.phone or "")} - {""}),
        urls=frozenset(url_key(c.text) for c in contacts if c.kind is ClaimKind.URL)
        | _job_urls(job),
        grades=frozenset(
            m.group(1) for e in profile.education for m in _GRADE_TOKEN.finditer(e.score or "")
        ),
        skill_terms=skill_vocabulary(job),
        job_title=(job.title or "").strip() if job else "",
        job_company=(job.company or "").strip() if job else "",
        work=tuple(
            _entry_scope(f"work[{i}]", w, w.name, today) for i, w in enumerate(profile.work)
        ),
        schools=tuple(
            _entry_scope(f"education[{i}]", e, e.institution, today)
            for i, e in enumerate(profile.education)
        ),
    )


def _job_places(job: JobData | None) -> list[str]:
    """The job's company and location; its title is masked where it names the job only."""
    if job is None:
        return []
    return [name for name in (job.company, job.location) if name and name.strip()]


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


def _name_supported(evidence: Evidence, key: str) -> bool:
    """An organisation or title is supported if the profile (or the job) names it.

    Two names of the profile's written together ("KCB Bank Relationship Manager") are
    accepted too, when each has two words or more.
    """
    if not key or key in ALWAYS_ALLOWED or evidence.name_supported(key):
        return True
    words = key.split()
    return len(words) >= 4 and any(
        evidence.names.names(" ".join(words[:cut])) and evidence.names.names(" ".join(words[cut:]))
        for cut in range(2, len(words) - 1)
    )


def _degree_supported(evidence: Evidence, claim: Claim) -> bool:
    level_ok = not claim.key or evidence.education.supports(claim.key)
    subject_ok = not claim.subject or evidence.education.supports(claim.subject)
    if level_ok and subject_ok:
        return True
    # A bare qualification named in the user's own text ("mean score ... in KCSE").
    return not claim.subject and evidence.index.supports(claim.text)


def _value_supported(evidence: Evidence, claim: Claim) -> bool:
    figures = evidence.scope.figures if evidence.scope else evidence.figures
    if claim.kind is ClaimKind.YEAR:
        return int(claim.key) in figures.years
    if claim.kind is ClaimKind.MONTH_YEAR:
        return claim.key in figures.month_years
    if claim.kind is ClaimKind.EXPERIENCE:
        return experience_supported(evidence.figures, claim)
    if claim.amount is None:  # a token such as "4G" or "B2B": must appear as written
        return evidence.phrase_supported(claim.key)
    return figure_supported(figures, claim)


def is_supported(evidence: Evidence, claim: Claim) -> bool:
    """Whether the profile backs this claim."""
    kind = claim.kind
    if kind in (ClaimKind.YEAR, ClaimKind.MONTH_YEAR, ClaimKind.NUMBER, ClaimKind.EXPERIENCE):
        return _value_supported(evidence, claim)
    if kind in (ClaimKind.ORGANISATION, ClaimKind.TITLE):
        return _name_supported(evidence, claim.key)
    if kind is ClaimKind.DEGREE:
        return _degree_supported(evidence, claim)
    if kind in (ClaimKind.DEGREE_CLASS,):
        return evidence.education.supports(claim.key)
    if kind is ClaimKind.GRADE:
        return claim.key in evidence.grades
    if kind is ClaimKind.LANGUAGE:
        return (language_of(claim.text) or normalise(claim.text)) in evidence.languages
    if kind in (ClaimKind.CERTIFICATION, ClaimKind.LICENCE, ClaimKind.AWARD, ClaimKind.SKILL):
        return evidence.phrase_supported(claim.text)
    if kind is ClaimKind.EMAIL:
        return claim.key in evidence.emails
    if kind is ClaimKind.PHONE:
        return phone_digits(claim.text) in evidence.phones
    return url_key(claim.text) in evidence.urls
