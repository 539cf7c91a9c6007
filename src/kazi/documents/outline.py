"""Checking a Markdown document (a CV or a letter) line by line.

Prose lines get the free-text claim checks. A CV's entry lines ("### Accountant —
Acme Ltd", "**KCB Bank** | 2019 – 2021") are also split into their parts, so an
employer written without "at" is still checked; and each item of a Skills or
Languages list must be in the profile.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from kazi.documents.checks import check_prose, mask_job_phrases
from kazi.documents.evidence import Evidence, with_referees
from kazi.documents.facts import ClaimKind, extract_claims
from kazi.documents.report import Issue, IssueKind
from kazi.documents.text import contains_phrase, normalise, strip_markdown
from kazi.documents.vocabulary import ALWAYS_ALLOWED, MONTHS, PLACE_NAMES


class Section(StrEnum):
    HEADER = "header"
    SUMMARY = "summary"
    WORK = "work"
    EDUCATION = "education"
    SKILLS = "skills"
    PROJECTS = "projects"
    CERTIFICATES = "certificates"
    LANGUAGES = "languages"
    REFERENCES = "references"
    OTHER = "other"


# Checked in this order, so "Project Experience" is projects and "Language Skills" languages.
_SECTION_WORDS: tuple[tuple[Section, tuple[str, ...]], ...] = (
    (Section.REFERENCES, ("referee", "reference", "wadhamini", "marejeo")),
    (Section.LANGUAGES, ("language", "lugha")),
    (Section.CERTIFICATES, ("certif", "licen", "membership", "vyeti")),
    (Section.PROJECTS, ("project", "miradi")),
    (Section.SKILLS, ("skill", "competenc", "expertise", "ujuzi")),
    (Section.EDUCATION, ("education", "academic", "qualification", "elimu")),
    (Section.WORK, ("experience", "employment", "work", "career", "uzoefu", "kazi")),
    (Section.SUMMARY, ("summary", "profile", "about", "objective", "muhtasari")),
)
# An unknown name in an entry line is reported as the kind its section implies.
_ENTRY_KIND = {
    Section.EDUCATION: IssueKind.UNKNOWN_DEGREE,
    Section.PROJECTS: IssueKind.UNKNOWN_PROJECT,
    Section.CERTIFICATES: IssueKind.UNKNOWN_CERTIFICATION,
    Section.REFERENCES: IssueKind.UNKNOWN_REFERENCE,
}
_DOCUMENT_TITLES = {"curriculum vitae", "cv", "resume", "résumé", "wasifu"}
_ENTRY_SEPARATORS = re.compile(r"\s+[—–|·•@-]\s+|\s+at\s+|,\s+|:\s+|\(|\)|[—–|·•]")
_LIST_SEPARATORS = re.compile(r"[,;|·•]|\s+-\s+")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_CONNECTORS = {"and", "of", "the", "for", "de", "la"}
# Labels that CVs put before values ("Tel: ...", "**Responsibilities**").
_LABELS = frozenset(
    {
        "achievements",
        "address",
        "courses",
        "current",
        "duties",
        "email",
        "highlights",
        "keywords",
        "location",
        "mobile",
        "phone",
        "present",
        "responsibilities",
        "tel",
        "telephone",
    }
)
# Group names a skills list may use ("**Technical:** Python, SQL"); not skills themselves.
_SKILL_CATEGORIES = frozenset(
    {
        "computer",
        "core",
        "databases",
        "frameworks",
        "interpersonal",
        "other",
        "professional",
        "programming",
        "soft",
        "software",
        "technical",
        "tools",
    }
)
REQUIRED_CV_SECTIONS = ("contact", "summary", "work", "education", "skills")


@dataclass(frozen=True)
class Line:
    number: int
    section: Section
    text: str  # without heading marks or bullet
    heading_level: int

    @property
    def path(self) -> str:
        return f"line {self.number}"

    @property
    def is_entry(self) -> bool:
        return self.heading_level >= 3 or self.text.lstrip().startswith("**")


def section_of(heading: str) -> Section:
    lowered = heading.lower()
    for section, words in _SECTION_WORDS:
        if any(word in lowered for word in words):
            return section
    return Section.OTHER


def parse_lines(markdown: str) -> Iterator[Line]:
    section = Section.HEADER
    for number, raw in enumerate(markdown.splitlines(), start=1):
        if not raw.strip():
            continue
        level = len(raw) - len(raw.lstrip("#")) if raw.startswith("#") else 0
        text = raw[level:].strip() if level else raw.strip()
        if level == 2:
            section = section_of(text)
        yield Line(number, section, _BULLET.sub("", text), level)


def looks_like_cv(markdown: str) -> bool:
    return any(line.heading_level in (1, 2) for line in parse_lines(markdown))


def check_markdown(markdown: str, evidence: Evidence, profile_name: str) -> list[Issue]:
    issues: list[Issue] = []
    seen_name = False
    for line in parse_lines(markdown):
        if line.heading_level == 2:
            continue
        line_evidence = with_referees(evidence) if line.section is Section.REFERENCES else evidence
        if line.heading_level == 1 and not seen_name:
            seen_name = True
            issues += _check_name(line, profile_name)
        elif line.section in (Section.SKILLS, Section.LANGUAGES) and not line.heading_level:
            issues += _check_list_items(line, line_evidence)
        else:
            plain = strip_markdown(line.text)
            issues += check_prose(plain, line_evidence, line.path)
            if line.is_entry and line.section is not Section.HEADER:
                issues += _check_entry_parts(line, plain, line_evidence)
    return issues


def _check_name(line: Line, profile_name: str) -> list[Issue]:
    written = normalise(strip_markdown(line.text))
    if written in _DOCUMENT_TITLES or not profile_name:
        return []
    if set(written.split()) <= set(normalise(profile_name).split()):
        return []
    return [
        Issue(
            kind=IssueKind.CONTACT_MISMATCH,
            text=line.text,
            detail="name differs from the profile",
            path=line.path,
            expected=profile_name,
        )
    ]


def _check_list_items(line: Line, evidence: Evidence) -> list[Issue]:
    """Every item of a skills or languages list must be named in the profile."""
    plain = strip_markdown(line.text)
    kind = IssueKind.UNKNOWN_SKILL
    issues = check_prose(plain, evidence, line.path)  # dates and numbers in the line
    for item in _LIST_SEPARATORS.split(re.sub(r"[():]", ",", plain)):
        name = item.strip(" .")
        if not name or normalise(name) in _SKILL_CATEGORIES or _is_filler(name):
            continue
        if not contains_phrase(evidence.corpus, name):
            issues.append(
                Issue(kind=kind, text=name, detail="not listed in the profile", path=line.path)
            )
    return issues


def _check_entry_parts(line: Line, plain: str, evidence: Evidence) -> list[Issue]:
    """Names in an entry line that no pattern recognised (no "at", no "Ltd") still count."""
    kind = _ENTRY_KIND.get(line.section, IssueKind.UNKNOWN_EMPLOYER)
    masked = mask_job_phrases(plain, evidence.job_phrases)
    issues: list[Issue] = []
    for part in _ENTRY_SEPARATORS.split(masked):
        name = part.strip(" .*_")
        if not _looks_like_a_name(name) or _is_filler(name):
            continue
        claims = extract_claims(name, evidence.skill_terms)
        if any(c.kind is not ClaimKind.SKILL for c in claims):
            continue  # dates, titles, degrees and named organisations were checked as prose
        if not contains_phrase(evidence.names, name):
            issues.append(
                Issue(kind=kind, text=name, detail="not named in the profile", path=line.path)
            )
    return issues


def _looks_like_a_name(text: str) -> bool:
    """Title Case ("Globex Corporation"), not a sentence-case label ("Key achievements")."""
    significant = [w for w in text.split() if len(w) > 2 and w.lower() not in _CONNECTORS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def _is_filler(name: str) -> bool:
    key = normalise(name)
    first = key.split()[0] if key else ""
    return (
        key in PLACE_NAMES
        or key in ALWAYS_ALLOWED
        or key in _LABELS
        or first in MONTHS
        or key.isdigit()
        or section_of(key) is not Section.OTHER
    )


def missing_cv_sections(markdown: str, has_contact: bool) -> list[str]:
    found = {line.section.value for line in parse_lines(markdown) if line.heading_level == 2}
    if has_contact:
        found.add("contact")
    return [name for name in REQUIRED_CV_SECTIONS if name not in found]
