"""A CV document as Markdown: one column, plain headings, no tables, for ATS parsers.

Headings, line labels ("Courses:"), months and "Present" follow the CV's language
(English or Kiswahili); the profile's own words are never translated.
"""

from collections.abc import Iterator

from kazi.documents.cv import CVDocument
from kazi.profiles.schemas import Basics, Certificate, Education, Project, Skill, Work

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "sw": ("Januari", "Februari", "Machi", "Aprili", "Mei", "Juni", "Julai", "Agosti",
           "Septemba", "Oktoba", "Novemba", "Desemba"),
}  # fmt: skip
ONGOING = {"en": "Present", "sw": "Sasa"}
# Labels that open a line inside a section: an education entry's courses, a project's
# keywords.
LABELS = {
    "en": {"courses": "Courses", "keywords": "Keywords"},
    "sw": {"courses": "Masomo muhimu", "keywords": "Maneno muhimu"},
}
SEPARATOR = " · "

SECTION_TITLES = {
    "en": {
        "summary": "Summary",
        "work": "Work Experience",
        "education": "Education",
        "skills": "Skills",
        "projects": "Projects",
        "certificates": "Certifications and Memberships",
        "languages": "Languages",
        "references": "Referees",
    },
    "sw": {
        "summary": "Muhtasari",
        "work": "Uzoefu wa Kazi",
        "education": "Elimu",
        "skills": "Ujuzi",
        "projects": "Miradi",
        "certificates": "Vyeti na Uanachama",
        "languages": "Lugha",
        "references": "Wadhamini",
    },
}


def language_key(language: str | None) -> str:
    """ "sw" for any Kiswahili code ("sw", "sw-KE"), else "en"."""
    return "sw" if (language or "").lower().startswith("sw") else "en"


def format_date(value: str | None, language: str | None = None) -> str:
    """ "2019-03" as "Mar 2019" ("Machi 2019" in Kiswahili); a bare year stays a year."""
    if not value:
        return ""
    if len(value) >= 7:
        key = language_key(language)
        month = MONTHS[key][int(value[5:7]) - 1]
        return f"{month[:3] if key == 'en' else month} {value[:4]}"
    return value


def format_period(start: str | None, end: str | None, language: str | None = None) -> str:
    if not start and not end:
        return ""
    if not start:
        return format_date(end, language)
    ongoing = ONGOING[language_key(language)]
    return f"{format_date(start, language)} – {format_date(end, language) or ongoing}"


def _joined(*parts: str | None) -> str:
    return SEPARATOR.join(p for p in parts if p)


def _contact_line(basics: Basics) -> str:
    location = basics.location
    place = ", ".join(p for p in (location.city, location.region) if p) if location else ""
    links = [str(p.url) if p.url else f"{p.network}: {p.username}" for p in basics.profiles]
    email = str(basics.email) if basics.email else None
    return _joined(email, basics.phone, place, str(basics.url) if basics.url else None, *links)


def _header(basics: Basics) -> Iterator[str]:
    if basics.name:
        yield f"# {basics.name}"
    if basics.label:
        yield basics.label
    contact = _contact_line(basics)
    if contact:
        yield contact


def _section(titles: dict[str, str], key: str, body: list[str]) -> list[str]:
    return [f"## {titles[key]}", *body] if body else []


def _work(item: Work, language: str) -> list[str]:
    heading = " — ".join(p for p in (item.position, item.name) if p)
    lines = [f"### {heading}"]
    when = _joined(format_period(item.start_date, item.end_date, language), item.location)
    lines += [when] if when else []
    lines += [item.summary] if item.summary else []
    return lines + [f"- {h}" for h in item.highlights]


def _education(item: Education, language: str) -> list[str]:
    degree = ", ".join(p for p in (item.study_type, item.area) if p)
    lines = [f"### {' — '.join(p for p in (degree, item.institution) if p)}"]
    when = _joined(format_period(item.start_date, item.end_date, language), item.score)
    lines += [when] if when else []
    label = LABELS[language]["courses"]
    return lines + ([f"{label}: {', '.join(item.courses)}"] if item.courses else [])


def _skill_name(item: Skill) -> str:
    return f"{item.name} ({item.level})" if item.level else item.name


def skill_lines(skills: list[Skill]) -> list[str]:
    """A line per skill that has keywords ("**Tax:** VAT, KRA iTax"), the rest on one line.

    Grouping keeps a dozen skills to a few lines instead of a dozen bullets.
    """
    grouped = [f"- **{_skill_name(s)}:** {', '.join(s.keywords)}" for s in skills if s.keywords]
    plain = [_skill_name(s) for s in skills if not s.keywords]
    return grouped + ([f"- {', '.join(plain)}"] if plain else [])


def _project(item: Project, language: str) -> list[str]:
    lines = [f"### {item.name}"]
    when = _joined(format_period(item.start_date, item.end_date, language), ", ".join(item.roles))
    lines += [when] if when else []
    lines += [item.description] if item.description else []
    lines += [f"- {h}" for h in item.highlights]
    label = LABELS[language]["keywords"]
    return lines + ([f"{label}: {', '.join(item.keywords)}"] if item.keywords else [])


def _certificate(item: Certificate, language: str) -> str:
    details = ", ".join(p for p in (item.issuer, format_date(item.date, language)) if p)
    return f"- {item.name}" + (f" — {details}" if details else "")


def _languages(doc: CVDocument) -> list[str]:
    spoken = [f"{x.language} ({x.fluency})" if x.fluency else x.language for x in doc.languages]
    return [f"- {', '.join(spoken)}"] if spoken else []


def cv_to_markdown(doc: CVDocument) -> str:
    """The CV as Markdown; blank lines separate blocks so any Markdown reader agrees."""
    language = language_key(doc.meta.language)
    titles = SECTION_TITLES[language]
    blocks: list[list[str]] = [list(_header(doc.basics))]
    summary = [doc.basics.summary] if doc.basics.summary else []
    blocks.append(_section(titles, "summary", summary))
    work = [line for w in doc.work for line in _work(w, language)]
    blocks.append(_section(titles, "work", work))
    education = [line for e in doc.education for line in _education(e, language)]
    blocks.append(_section(titles, "education", education))
    certificates = [_certificate(c, language) for c in doc.certificates]
    blocks.append(_section(titles, "certificates", certificates))
    blocks.append(_section(titles, "skills", skill_lines(doc.skills)))
    projects = [line for p in doc.projects for line in _project(p, language)]
    blocks.append(_section(titles, "projects", projects))
    blocks.append(_section(titles, "languages", _languages(doc)))
    references = [
        f"- **{r.name}**" + (f": {r.reference}" if r.reference else "") for r in doc.references
    ]
    blocks.append(_section(titles, "references", references))
    return "\n\n".join(_spaced(block) for block in blocks if block) + "\n"


def _spaced(block: list[str]) -> str:
    """Headings and paragraphs on their own, consecutive bullets kept together."""
    out: list[str] = []
    for line in block:
        if out and not (line.startswith("- ") and out[-1].startswith("- ")):
            out.append("")
        out.append(line)
    return "\n".join(out)
