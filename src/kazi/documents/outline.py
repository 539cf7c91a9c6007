"""Checking a CV or a letter, written as Markdown or plain text, line by line.

Prose lines get the free-text claim checks. A CV's entry lines ("### Accountant —
Acme Ltd", "Finance Officer, KCB Bank  2019 - 2021") are also split into their parts, so
an employer written without "at" is still checked, and they attach the lines below them
to one profile entry: the dates and figures there must be that entry's. Each item of a
Skills or Languages list must be in the profile. In work entries the job's own title and
employer are checked like any other name: they are not the user's unless the profile
says so.
"""

import re
from dataclasses import replace

from kazi.documents.checks import check_prose
from kazi.documents.evidence import Evidence, Scope, with_referees
from kazi.documents.facts import ClaimKind, extract_claims
from kazi.documents.layout import Line, Section, is_heading_text, parse_lines
from kazi.documents.lexicon import canonical, language_of
from kazi.documents.report import Issue, IssueKind
from kazi.documents.text import normalise, strip_markdown
from kazi.documents.titles import title_held
from kazi.documents.vocabulary import (
    ALWAYS_ALLOWED,
    MONTH_ABBREVIATIONS,
    MONTHS,
    PLACE_NAMES,
    TITLE_NOUNS,
)

# An unknown name in an entry line is reported as the kind its section implies.
_ENTRY_KIND = {
    Section.EDUCATION: IssueKind.UNKNOWN_DEGREE,
    Section.PROJECTS: IssueKind.UNKNOWN_PROJECT,
    Section.CERTIFICATES: IssueKind.UNKNOWN_CERTIFICATION,
    Section.REFERENCES: IssueKind.UNKNOWN_REFERENCE,
}
_DOCUMENT_TITLES = {"curriculum vitae", "cv", "resume", "résumé", "wasifu"}
_ENTRY_SEPARATORS = re.compile(r"\s+[—–|·•@-]\s+|\s+at\s+|,\s+|:\s+|\(|\)|[—–|·•]|\s{3,}")
_WORDS_IN_BRACKETS = re.compile(r"\s*\(([^()\d]*)\)")
_LIST_SEPARATORS = re.compile(r"[,;|·•]|\s+-\s+")
_CONNECTORS = {"and", "of", "the", "for", "de", "la", "on", "&"}
# Labels that CVs put before values ("Tel: ...", "**Responsibilities**").
_LABELS = frozenset(
    [
        "achievements",
        "address",
        "courses",
        "current",
        "date",
        "duties",
        "email",
        "highlights",
        "keywords",
        "location",
        "mobile",
        "phone",
        "present",
        "responsibilities",
        "sasa",
        "tel",
        "telephone",
        "to",
        "date",
    ]
)
# Group names a skills list may use ("**Technical:** Python, SQL"); not skills themselves.
_SKILL_CATEGORIES = frozenset(
    [
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
    ]
)
# How well a language is spoken: not a language itself.
_FLUENCY = frozenset(
    [
        "fluent",
        "native",
        "basic",
        "conversational",
        "intermediate",
        "advanced",
        "proficient",
        "good",
        "excellent",
        "written",
        "spoken",
        "mother",
        "tongue",
        "first",
        "fair",
        "working",
        "knowledge",
        "ufasaha",
    ]
)
_NAMED_IN_WORK = frozenset({ClaimKind.SKILL, ClaimKind.TITLE, ClaimKind.ORGANISATION})
_NAMED_ELSEWHERE = frozenset({ClaimKind.SKILL})
REQUIRED_CV_SECTIONS = ("contact", "summary", "work", "education", "skills")


def _own_history(evidence: Evidence) -> Evidence:
    """Evidence for the user's work entries: the job's names vouch for nothing there."""
    return replace(evidence, job=replace(evidence.job, grams=frozenset(), fields=(), texts=()))


def check_markdown(markdown: str, evidence: Evidence, profile_name: str) -> list[Issue]:
    issues: list[Issue] = []
    seen_name = False
    scope: Scope | None = None
    for line in parse_lines(markdown):
        if line.heading_level == 2:
            scope = None
            continue
        ev = with_referees(evidence) if line.section is Section.REFERENCES else evidence
        if line.is_entry and line.section in (Section.WORK, Section.EDUCATION):
            scope = _next_scope(line, ev, scope)
        ev = ev.in_scope(scope)
        if line.heading_level == 1 and not seen_name:
            seen_name = True
            issues += _check_name(line, profile_name)
        elif line.section in (Section.SKILLS, Section.LANGUAGES) and not line.heading_level:
            issues += _check_list_items(line, ev)
        elif line.is_entry and line.section is not Section.HEADER:
            issues += _check_entry(line, ev)
        else:
            issues += check_prose(strip_markdown(line.text), ev, line.path)
    return issues


def _parts(line: Line) -> list[str]:
    plain = strip_markdown(line.text)
    if line.section is Section.WORK:
        plain = _WORDS_IN_BRACKETS.sub(r" \1", plain)  # "HR Assistant (Intern)" is one title
    return [p.strip(" .*_") for p in _ENTRY_SEPARATORS.split(plain) if p and p.strip(" .*_")]


def _entry_scope(line: Line, evidence: Evidence) -> Scope | None:
    entries = evidence.work if line.section is Section.WORK else evidence.schools
    for part in _parts(line):
        if _looks_like_a_name(part) and not _is_filler(part):
            found = evidence.entry_named(part, entries)
            if found is not None:
                return found
    return None


def _next_scope(line: Line, evidence: Evidence, current: Scope | None) -> Scope | None:
    """The entry the lines from here on belong to: the one this line names; the current
    one if the line names no organisation (a title-and-dates line); none if it names an
    organisation the profile lacks."""
    found = _entry_scope(line, evidence)
    if found is not None:
        return found
    names = [p for p in _parts(line) if _looks_like_a_name(p) and not _is_filler(p)]
    return None if any(not _is_title(p) for p in names) else current


def _check_entry(line: Line, evidence: Evidence) -> list[Issue]:
    """An entry line: its values as prose, and each name in it as a name."""
    in_work = line.section is Section.WORK
    if in_work:
        evidence = _own_history(evidence)
    plain = strip_markdown(line.text)
    issues = [
        i
        for i in check_prose(plain, evidence, line.path)
        if not in_work or i.kind not in (IssueKind.UNKNOWN_TITLE, IssueKind.UNKNOWN_EMPLOYER)
    ]
    return issues + _check_entry_parts(line, evidence)


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


def _line_issue(kind: IssueKind, text: str, detail: str, line: Line) -> Issue:
    return Issue(kind=kind, text=text, detail=detail, path=line.path)


def _list_item_issue(name: str, line: Line, evidence: Evidence) -> Issue | None:
    if line.section is Section.LANGUAGES:
        if normalise(name) in _FLUENCY or set(normalise(name).split()) <= _FLUENCY:
            return None
        if (language_of(name) or normalise(name)) in evidence.languages:
            return None
        return _line_issue(IssueKind.UNKNOWN_LANGUAGE, name, "language not in the profile", line)
    if evidence.skill_supported(name):
        return None
    return _line_issue(IssueKind.UNKNOWN_SKILL, name, "not listed in the profile", line)


def _check_list_items(line: Line, evidence: Evidence) -> list[Issue]:
    """Every item of a skills or languages list must be named in the profile."""
    plain = strip_markdown(line.text)
    issues = check_prose(plain, evidence, line.path)  # dates and numbers in the line
    for item in _LIST_SEPARATORS.split(re.sub(r"[():]", ",", plain)):
        name = item.strip(" .")
        if not name or normalise(name) in _SKILL_CATEGORIES or _is_filler(name):
            continue
        issue = _list_item_issue(name, line, evidence)
        if issue is not None:
            issues.append(issue)
    return issues


def _is_title(name: str) -> bool:
    words = canonical(name)
    return bool(words) and words[-1] in TITLE_NOUNS


def _part_issue(part: str, line: Line, evidence: Evidence) -> Issue | None:
    if line.section is Section.WORK and _is_title(part):
        if title_held(part, evidence):
            return None
        return _line_issue(IssueKind.UNKNOWN_TITLE, part, "job title not held in the profile", line)
    if evidence.name_supported(part):
        return None
    kind = _ENTRY_KIND.get(line.section, IssueKind.UNKNOWN_EMPLOYER)
    return _line_issue(kind, part, "not named in the profile", line)


def _check_entry_parts(line: Line, evidence: Evidence) -> list[Issue]:
    """Names in an entry line that no pattern recognised (no "at", no "Ltd") still count."""
    issues: list[Issue] = []
    in_work = line.section is Section.WORK
    for part in _parts(line):
        if not _looks_like_a_name(part) or _is_filler(part, addressee=not in_work):
            continue
        allowed = _NAMED_IN_WORK if in_work else _NAMED_ELSEWHERE
        if any(c.kind not in allowed for c in extract_claims(part, evidence.skill_terms)):
            continue  # dates, degrees and certificates were checked as prose
        issue = _part_issue(part, line, evidence)
        if issue is not None:
            issues.append(issue)
    return issues


def _looks_like_a_name(text: str) -> bool:
    """Title Case ("Globex Corporation"), not a sentence-case label ("Key achievements")."""
    significant = [w for w in text.split() if len(w) > 2 and w.lower() not in _CONNECTORS]
    return bool(significant) and all(w[0].isupper() or w[0].isdigit() for w in significant)


def _is_filler(name: str, *, addressee: bool = True) -> bool:
    """A place, a label, a date or a heading; with `addressee`, also the reader a letter
    addresses ("HR Manager"), which in a work entry would be a title."""
    key = normalise(name)
    first = key.split()[0] if key else ""
    return (
        key in PLACE_NAMES
        or (addressee and key in ALWAYS_ALLOWED)
        or key in _LABELS
        or first in MONTHS
        or first.rstrip(".") in MONTH_ABBREVIATIONS
        or key.isdigit()
        or is_heading_text(key)
    )


def missing_cv_sections(markdown: str, has_contact: bool) -> list[str]:
    found = {line.section.value for line in parse_lines(markdown) if line.heading_level == 2}
    if has_contact:
        found.add("contact")
    return [name for name in REQUIRED_CV_SECTIONS if name not in found]
