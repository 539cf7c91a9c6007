"""The profile as a form: which fields each section shows, and the posted form back to a
Profile. Sections the form does not show (projects, links) are kept as they were."""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kazi.admin.auth import AdminForm
from kazi.app.i18n import N_
from kazi.profiles.schemas import Profile

MAX_ROWS = 100


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | area | lines (one item a line) | date


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    title: str
    fields: tuple[Field, ...]


DATES = (
    Field("start_date", N_("From (YYYY-MM)"), "date"),
    Field("end_date", N_("To (YYYY-MM, empty if current)"), "date"),
)
BASICS = (
    Field("name", N_("Full name")),
    Field("label", N_("Headline, e.g. Accountant (CPA-K)")),
    Field("email", N_("E-mail address")),
    Field("phone", N_("Phone, e.g. +254 712 345 678")),
    Field("summary", N_("Summary"), "area"),
)
SECTIONS = (
    Section("work", N_("Experience"), (
        Field("position", N_("Position")), Field("name", N_("Employer")),
        Field("location", N_("Location")), *DATES, Field("summary", N_("What you did"), "area"),
        Field("highlights", N_("Achievements, one a line"), "lines"),
    )),
    Section("education", N_("Education"), (
        Field("institution", N_("Institution")),
        Field("study_type", N_("Qualification, e.g. BCom, KCSE")),
        Field("area", N_("Field of study")), *DATES, Field("score", N_("Grade or class")),
    )),
    Section("certificates", N_("Certifications"), (
        Field("name", N_("Certificate")), Field("issuer", N_("Awarding body")),
        Field("number", N_("Certificate or registration number")),
        Field("date", N_("Date (YYYY-MM)"), "date"),
    )),
    Section("skills", N_("Skills"), (
        Field("name", N_("Skill")), Field("level", N_("Level")),
        Field("keywords", N_("Tools and details, one a line"), "lines"),
    )),
    Section("languages", N_("Languages"), (
        Field("language", N_("Language")), Field("fluency", N_("Fluency")),
    )),
    Section("references", N_("Referees"), (
        Field("name", N_("Name")),
        Field("reference", N_("Position, organisation and contact"), "area"),
    )),
)  # fmt: skip


def form_values(profile: Profile) -> dict[str, Any]:
    """The profile as the form shows it: lists joined a line each."""
    data = profile.model_dump(mode="json")
    for section in SECTIONS:
        for entry in data[section.name]:
            for field in section.fields:
                if field.kind == "lines":
                    entry[field.name] = "\n".join(entry.get(field.name) or [])
    return data


def _value(form: AdminForm, key: str, field: Field) -> Any:
    if field.kind == "lines":
        return [line.strip() for line in form.raw(key).splitlines() if line.strip()]
    return form.text(key) or None


def _entries(form: AdminForm, section: Section) -> list[dict[str, Any]]:
    count = min(int(form.text(f"{section.name}-count") or 0), MAX_ROWS)
    entries = []
    for row in range(count + 1):  # the existing rows and one empty row for a new entry
        prefix = f"{section.name}-{row}-"
        if form.checked(prefix + "remove"):
            continue
        entry = {f.name: _value(form, prefix + f.name, f) for f in section.fields}
        if any(entry.values()):
            entries.append(entry)
    return entries


def parse_profile(form: AdminForm, current: Profile, only: set[str] | None = None) -> Profile:
    """The posted sections over the current profile; `only` limits which ones are taken.

    Raises ValidationError with the profile's own rules (the API's) when a value is wrong.
    """
    data = current.model_dump(mode="json")
    taken = only if only is not None else {"basics", *(s.name for s in SECTIONS)}
    if "basics" in taken:
        basics = {f.name: _value(form, f"basics-{f.name}", f) for f in BASICS}
        data["basics"] = {**data["basics"], **basics, "name": basics["name"] or ""}
    for section in SECTIONS:
        if section.name in taken:
            data[section.name] = _entries(form, section)
    return Profile.model_validate(data)


def problems(error: ValidationError) -> list[str]:
    """Each wrong value as "section 2, field: reason" (positions counted from 1)."""
    lines = []
    for item in error.errors():
        where = [str(p + 1) if isinstance(p, int) else str(p) for p in item["loc"]]
        lines.append(f"{' › '.join(where)}: {item['msg']}")
    return lines
