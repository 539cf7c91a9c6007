"""The structure of a CV or letter written as Markdown or as plain text.

Markdown gives it away with `##` headings and `###`/bold entry lines. Plain text has
the same structure in its layout: a heading is a short line in capitals or ending in a
colon ("WORK EXPERIENCE", "Key Skills:"), an entry line is a short line in an entry
section that is neither a bullet nor a sentence ("Finance Officer, KCB Bank  2020 - 2023").
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


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
# Words a plain-text heading in Title Case is made of ("Career Objective").
_HEADING_WORDS = frozenset(
    [
        "about",
        "academic",
        "achievements",
        "and",
        "award",
        "awards",
        "background",
        "career",
        "certificates",
        "certifications",
        "competencies",
        "contact",
        "core",
        "details",
        "education",
        "employment",
        "experience",
        "history",
        "hobbies",
        "interests",
        "key",
        "languages",
        "licences",
        "licenses",
        "memberships",
        "objective",
        "other",
        "personal",
        "professional",
        "profile",
        "projects",
        "qualifications",
        "referees",
        "references",
        "relevant",
        "skills",
        "summary",
        "technical",
        "training",
        "work",
        "working",
    ]
)
ENTRY_SECTIONS = frozenset(
    {Section.WORK, Section.EDUCATION, Section.PROJECTS, Section.CERTIFICATES, Section.REFERENCES}
)
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦]|\d+[.)])\s+")
_MAX_HEADING_WORDS = 5
_MAX_ENTRY_WORDS = 16


@dataclass(frozen=True)
class Line:
    number: int
    section: Section
    text: str  # without heading marks or bullet
    heading_level: int  # 1-3 for Markdown headings; 2 for a plain-text heading too
    bullet: bool = False

    @property
    def path(self) -> str:
        return f"line {self.number}"

    @property
    def is_entry(self) -> bool:
        """A line that names an entry: employer, title, school, certificate, dates."""
        if self.heading_level >= 3 or self.text.lstrip().startswith("**"):
            return True
        if self.section in (Section.CERTIFICATES, Section.EDUCATION):
            return not self.heading_level  # every line there names a qualification
        return (
            self.section in ENTRY_SECTIONS
            and not self.bullet
            and not self.heading_level
            and not self.text.rstrip().endswith(".")
            and len(self.text.split()) <= _MAX_ENTRY_WORDS
        )


def section_of(heading: str) -> Section:
    lowered = heading.lower()
    for section, words in _SECTION_WORDS:
        if any(word in lowered for word in words):
            return section
    return Section.OTHER


def is_heading_text(text: str) -> bool:
    """Whether every word is one a section heading is made of ("Key Skills")."""
    words = re.findall(r"[A-Za-z&]+", text)
    return bool(words) and all(w.lower() in _HEADING_WORDS for w in words)


def _plain_heading(text: str) -> bool:
    bare = text.strip().strip("*_").strip()
    words = re.findall(r"[A-Za-z&]+", bare)
    if not words or len(words) > _MAX_HEADING_WORDS or re.search(r"[\d@|,]", bare):
        return False
    if is_heading_text(bare):
        return True
    shouted = bare.isupper() or bare.endswith(":")
    return shouted and section_of(bare) is not Section.OTHER


def parse_lines(text: str) -> Iterator[Line]:
    section = Section.HEADER
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        level = len(raw) - len(raw.lstrip("#")) if raw.startswith("#") else 0
        body = raw[level:].strip() if level else raw.strip()
        bullet = _BULLET.match(body) is not None
        if not level and not bullet and _plain_heading(body):
            level, body = 2, body.strip().strip("*_:").strip()
        if level == 2:
            section = section_of(body)
        yield Line(number, section, _BULLET.sub("", body), level, bullet)


def looks_like_cv(text: str) -> bool:
    return any(line.heading_level in (1, 2) for line in parse_lines(text))
