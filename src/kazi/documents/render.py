"""A CV document as Markdown: one column, plain headings, no tables, for ATS parsers."""

from collections.abc import Iterator

from kazi.documents.cv import CVDocument
from kazi.documents.profile import Basics, Certificate, Education, Project, Skill, Work

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEPARATOR = " · "

SECTION_TITLES = {
    "summary": "Summary",
    "work": "Work Experience",
    "education": "Education",
    "skills": "Skills",
    "projects": "Projects",
    "certificates": "Certifications",
    "languages": "Languages",
    "references": "Referees",
}


def format_date(value: str | None) -> str:
    """ "2019-03" as "Mar 2019"; a bare year stays a year."""
    if not value:
        return ""
    if len(value) >= 7:
        return f"{_MONTH_ABBR[int(value[5:7]) - 1]} {value[:4]}"
    return value


def format_period(start: str | None, end: str | None, ongoing: str = "Present") -> str:
    if not start and not end:
        return ""
    if not start:
        return format_date(end)
    return f"{format_date(start)} – {format_date(end) or ongoing}"


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


def _section(key: str, body: list[str]) -> list[str]:
    return [f"## {SECTION_TITLES[key]}", *body] if body else []


def _work(item: Work) -> list[str]:
    heading = " — ".join(p for p in (item.position, item.name) if p)
    lines = [f"### {heading}"]
    when = _joined(format_period(item.start_date, item.end_date), item.location)
    lines += [when] if when else []
    lines += [item.summary] if item.summary else []
    return lines + [f"- {h}" for h in item.highlights]


def _education(item: Education) -> list[str]:
    degree = ", ".join(p for p in (item.study_type, item.area) if p)
    lines = [f"### {' — '.join(p for p in (degree, item.institution) if p)}"]
    when = _joined(format_period(item.start_date, item.end_date), item.score)
    lines += [when] if when else []
    return lines + ([f"Courses: {', '.join(item.courses)}"] if item.courses else [])


def _skill(item: Skill) -> str:
    line = f"- **{item.name}**"
    if item.level:
        line += f" ({item.level})"
    return line + (f": {', '.join(item.keywords)}" if item.keywords else "")


def _project(item: Project) -> list[str]:
    lines = [f"### {item.name}"]
    when = _joined(format_period(item.start_date, item.end_date), ", ".join(item.roles))
    lines += [when] if when else []
    lines += [item.description] if item.description else []
    lines += [f"- {h}" for h in item.highlights]
    return lines + ([f"Keywords: {', '.join(item.keywords)}"] if item.keywords else [])


def _certificate(item: Certificate) -> str:
    details = ", ".join(p for p in (item.issuer, format_date(item.date)) if p)
    return f"- {item.name}" + (f" — {details}" if details else "")


def cv_to_markdown(doc: CVDocument) -> str:
    """The CV as Markdown; blank lines separate blocks so any Markdown reader agrees."""
    blocks: list[list[str]] = [list(_header(doc.basics))]
    blocks.append(_section("summary", [doc.basics.summary] if doc.basics.summary else []))
    blocks.append(_section("work", [line for w in doc.work for line in _work(w)]))
    blocks.append(_section("education", [line for e in doc.education for line in _education(e)]))
    blocks.append(_section("skills", [_skill(s) for s in doc.skills]))
    blocks.append(_section("projects", [line for p in doc.projects for line in _project(p)]))
    blocks.append(_section("certificates", [_certificate(c) for c in doc.certificates]))
    languages = [
        f"- {lang.language}" + (f": {lang.fluency}" if lang.fluency else "")
        for lang in doc.languages
    ]
    blocks.append(_section("languages", languages))
    references = [
        f"- **{r.name}**" + (f": {r.reference}" if r.reference else "") for r in doc.references
    ]
    blocks.append(_section("references", references))
    return "\n\n".join(_spaced(block) for block in blocks if block) + "\n"


def _spaced(block: list[str]) -> str:
    """Headings and paragraphs on their own, consecutive bullets kept together."""
    out: list[str] = []
    for line in block:
        if out and not (line.startswith("- ") and out[-1].startswith("- ")):
            out.append("")
        out.append(line)
    return "\n".join(out)
