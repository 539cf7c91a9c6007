"""Field-by-field comparison of a structured CV with the profile it claims to come from.

Each CV entry is matched to the profile entry with the same employer, institution,
project or certificate name; then its dates, titles and qualifications must equal the
profile's, and its free text must pass the claim checks. Paths use the JSON Resume
(camelCase) field names, e.g. "work[1].startDate".
"""

import re
from functools import lru_cache

from pydantic import JsonValue

from kazi.documents.checks import check_prose
from kazi.documents.cv import CVDocument
from kazi.documents.evidence import Evidence, phone_digits, url_key, with_referees
from kazi.documents.index import PhraseIndex
from kazi.documents.lexicon import language_of
from kazi.documents.report import Issue, IssueKind
from kazi.documents.text import normalise
from kazi.documents.titles import title_in
from kazi.profiles.schemas import Basics, Education, Profile, Project, Work

_HEADLINE_PARTS = re.compile(r"\s+[|•·/—–-]\s+|\s*[|•·]\s*|,\s+")


@lru_cache(maxsize=1024)
def _index_of(*values: str) -> PhraseIndex:
    return PhraseIndex.of(values)


def same_name(written: str, recorded: str) -> bool:
    """Whether a CV's name refers to a profile name ("KCB" ~ "KCB Bank Kenya Ltd")."""
    return bool(written.strip()) and _index_of(recorded).names(written)


def _work_match(item: Work, same_employer: list[Work]) -> Work | None:
    def closeness(recorded: Work) -> tuple[bool, bool]:
        same_title = normalise(recorded.position or "") == normalise(item.position or "")
        return same_title, recorded.start_date == item.start_date

    # max() keeps the first of equal scores, so ties go to profile order.
    return max(same_employer, key=closeness) if same_employer else None


def _education_match(item: Education, profile: Profile) -> Education | None:
    def closeness(recorded: Education) -> tuple[bool, bool]:
        return (
            _equivalent(item.study_type, recorded.study_type),
            _equivalent(item.area, recorded.area),
        )

    candidates = [e for e in profile.education if same_name(item.institution, e.institution)]
    return max(candidates, key=closeness) if candidates else None


def _date_ok(written: str | None, recorded: str | None, *, is_end: bool = False) -> bool:
    """Equal, or a coarser form of the same date; an omitted end date would read "Present"."""
    if written is None:
        return recorded is None or not is_end
    return recorded is not None and recorded.startswith(written)


def _issue(kind: IssueKind, text: object, detail: str, path: str, **extra: JsonValue) -> Issue:
    return Issue(kind=kind, text=str(text), detail=detail, path=path, **extra)


def _dates(
    path: str, entry: Work | Education | Project, match: Work | Education | Project
) -> list[Issue]:
    issues: list[Issue] = []
    for field, wire, is_end in (("start_date", "startDate", False), ("end_date", "endDate", True)):
        written, recorded = getattr(entry, field), getattr(match, field)
        if not _date_ok(written, recorded, is_end=is_end):
            detail = f"shifted date: the profile says {recorded or 'nothing'}"
            if written is None:
                detail = f"ongoing, but the profile says it ended {recorded}"
            issues.append(
                _issue(
                    IssueKind.DATE_MISMATCH,
                    written or "Present",
                    detail,
                    f"{path}.{wire}",
                    expected=recorded,
                )
            )
    return issues


def _check_work(doc: CVDocument, profile: Profile, evidence: Evidence) -> list[Issue]:
    issues: list[Issue] = []
    for i, item in enumerate(doc.work):
        path = f"work[{i}]"
        same_employer = [w for w in profile.work if same_name(item.name, w.name)]
        match = _work_match(item, same_employer)
        if match is None:
            issues.append(
                _issue(IssueKind.UNKNOWN_EMPLOYER, item.name, "employer not in the profile", path)
            )
            continue
        held = _index_of(*[w.position or "" for w in same_employer])
        if item.position and not title_in(item.position, held):
            issues.append(
                _issue(
                    IssueKind.UNKNOWN_TITLE,
                    item.position,
                    f"title not held at {match.name}",
                    f"{path}.position",
                    expected=match.position,
                )
            )
        issues += _dates(path, item, match)
        scoped = evidence.in_scope(evidence.work[profile.work.index(match)])
        issues += check_prose(item.summary, scoped, f"{path}.summary")
        for j, highlight in enumerate(item.highlights):
            issues += check_prose(highlight, scoped, f"{path}.highlights[{j}]")
    return issues


def _equivalent(written: str | None, recorded: str | None) -> bool:
    if not written:
        return True
    return recorded is not None and _index_of(recorded).supports(written)


def _qualification_fields(path: str, item: Education, match: Education) -> list[Issue]:
    issues: list[Issue] = []
    for field, wire in (("study_type", "studyType"), ("area", "area"), ("score", "score")):
        written, recorded = getattr(item, field), getattr(match, field)
        # A grade or class must match exactly: "A" is not "A-".
        exact = field != "score" or normalise(written or "") == normalise(recorded or "")
        if not (_equivalent(written, recorded) and (exact or not written)):
            detail = f"{wire} differs from the profile's {recorded or 'empty value'}"
            issues.append(
                _issue(
                    IssueKind.UNKNOWN_DEGREE, written, detail, f"{path}.{wire}", expected=recorded
                )
            )
    return issues


def _check_education(doc: CVDocument, profile: Profile, evidence: Evidence) -> list[Issue]:
    issues: list[Issue] = []
    for i, item in enumerate(doc.education):
        path = f"education[{i}]"
        match = _education_match(item, profile)
        if match is None:
            issues.append(
                _issue(
                    IssueKind.UNKNOWN_DEGREE,
                    item.institution,
                    "institution not in the profile",
                    path,
                )
            )
            continue
        issues += _qualification_fields(path, item, match)
        issues += _dates(path, item, match)
        issues += [
            _issue(
                IssueKind.UNKNOWN_DEGREE,
                course,
                "course not in the profile",
                f"{path}.courses[{k}]",
            )
            for k, course in enumerate(item.courses)
            if not evidence.phrase_supported(course)
        ]
    return issues


def _check_skills(doc: CVDocument, profile: Profile, evidence: Evidence) -> list[Issue]:
    issues: list[Issue] = []
    levels = {normalise(s.name): s.level for s in profile.skills}
    for i, skill in enumerate(doc.skills):
        path = f"skills[{i}]"
        if not evidence.skill_supported(skill.name):
            issues.append(
                _issue(IssueKind.UNKNOWN_SKILL, skill.name, "skill not in the profile", path)
            )
            continue
        recorded = levels.get(normalise(skill.name))
        if skill.level and normalise(skill.level) != normalise(recorded or ""):
            detail = f"level differs from the profile's {recorded or 'unstated level'}"
            issues.append(
                _issue(
                    IssueKind.UNKNOWN_SKILL, skill.level, detail, f"{path}.level", expected=recorded
                )
            )
        issues += [
            _issue(
                IssueKind.UNKNOWN_SKILL,
                keyword,
                "skill not in the profile",
                f"{path}.keywords[{k}]",
            )
            for k, keyword in enumerate(skill.keywords)
            if not evidence.skill_supported(keyword)
        ]
    return issues


def _check_projects(doc: CVDocument, profile: Profile, evidence: Evidence) -> list[Issue]:
    issues: list[Issue] = []
    for i, project in enumerate(doc.projects):
        path = f"projects[{i}]"
        match = next((p for p in profile.projects if same_name(project.name, p.name)), None)
        if match is None:
            issues.append(
                _issue(IssueKind.UNKNOWN_PROJECT, project.name, "project not in the profile", path)
            )
            continue
        issues += _dates(path, project, match)
        issues += check_prose(project.description, evidence, f"{path}.description")
        for j, highlight in enumerate(project.highlights):
            issues += check_prose(highlight, evidence, f"{path}.highlights[{j}]")
        issues += [
            _issue(
                IssueKind.UNKNOWN_SKILL,
                keyword,
                "skill not in the profile",
                f"{path}.keywords[{k}]",
            )
            for k, keyword in enumerate(project.keywords)
            if not evidence.skill_supported(keyword)
        ]
        issues += [
            _issue(IssueKind.UNKNOWN_TITLE, role, "role not in the profile", f"{path}.roles[{k}]")
            for k, role in enumerate(project.roles)
            if not evidence.phrase_supported(role)
        ]
    return issues


def _check_certificates(doc: CVDocument, profile: Profile) -> list[Issue]:
    issues: list[Issue] = []
    for i, cert in enumerate(doc.certificates):
        path = f"certificates[{i}]"
        match = next((c for c in profile.certificates if _equivalent(cert.name, c.name)), None)
        if match is None:
            issues.append(
                _issue(
                    IssueKind.UNKNOWN_CERTIFICATION,
                    cert.name,
                    "certificate not in the profile",
                    path,
                )
            )
            continue
        if not _equivalent(cert.issuer, match.issuer):
            issues.append(
                _issue(
                    IssueKind.UNKNOWN_CERTIFICATION,
                    cert.issuer,
                    "issuer differs from the profile",
                    f"{path}.issuer",
                    expected=match.issuer,
                )
            )
        if not _date_ok(cert.date, match.date):
            issues.append(
                _issue(
                    IssueKind.DATE_MISMATCH,
                    cert.date,
                    f"shifted date: the profile says {match.date or 'nothing'}",
                    f"{path}.date",
                    expected=match.date,
                )
            )
    return issues


def _language_key(name: str) -> str:
    """ "Kiswahili (native)" and "Swahili" are one language."""
    bare = name.split("(")[0].strip()
    return language_of(bare) or normalise(bare)


def _check_languages(doc: CVDocument, profile: Profile) -> list[Issue]:
    issues: list[Issue] = []
    fluency = {_language_key(lang.language): lang.fluency for lang in profile.languages}
    for i, lang in enumerate(doc.languages):
        key = _language_key(lang.language)
        if key not in fluency:
            detail = "language not in the profile"
            issues.append(
                _issue(IssueKind.UNKNOWN_LANGUAGE, lang.language, detail, f"languages[{i}]")
            )
        elif lang.fluency and normalise(lang.fluency) != normalise(fluency[key] or ""):
            issues.append(
                _issue(
                    IssueKind.UNKNOWN_SKILL,
                    lang.fluency,
                    "fluency differs from the profile",
                    f"languages[{i}].fluency",
                    expected=fluency[key],
                )
            )
    return issues


def _check_references(doc: CVDocument, profile: Profile, evidence: Evidence) -> list[Issue]:
    issues: list[Issue] = []
    for i, ref in enumerate(doc.references):
        path = f"references[{i}]"
        match = next((r for r in profile.references if same_name(ref.name, r.name)), None)
        if match is None:
            detail = "referee not in the profile"
            issues.append(_issue(IssueKind.UNKNOWN_REFERENCE, ref.name, detail, path))
        elif normalise(ref.reference or "") != normalise(match.reference or ""):
            issues += check_prose(ref.reference, with_referees(evidence), f"{path}.reference")
    return issues


def _contact_issues(basics: Basics, recorded: Basics, evidence: Evidence) -> list[Issue]:
    email = str(basics.email).lower() if basics.email else None
    checks: tuple[tuple[str, object, bool], ...] = (
        ("name", recorded.name, not basics.name or same_name(basics.name, recorded.name)),
        ("email", recorded.email, email is None or email in evidence.emails),
        (
            "phone",
            recorded.phone,
            not basics.phone or phone_digits(basics.phone) in evidence.phones,
        ),
        ("url", recorded.url, basics.url is None or url_key(str(basics.url)) in evidence.urls),
    )
    issues = [
        _issue(
            IssueKind.CONTACT_MISMATCH,
            getattr(basics, field),
            f"{field} differs from the profile",
            f"basics.{field}",
            expected=None if expected is None else str(expected),
        )
        for field, expected, ok in checks
        if not ok
    ]
    if basics.location is not None and basics.location != recorded.location:
        expected_location = recorded.location.model_dump(mode="json") if recorded.location else None
        issues.append(
            _issue(
                IssueKind.CONTACT_MISMATCH,
                basics.location.model_dump_json(exclude_none=True),
                "location differs from the profile",
                "basics.location",
                expected=expected_location,
            )
        )
    return issues


def _social_issues(basics: Basics, recorded: Basics) -> list[Issue]:
    def key(network: str, username: str | None) -> str:
        return normalise(f"{network} {username or ''}")

    known = {url_key(str(p.url)) for p in recorded.profiles if p.url}
    known |= {key(p.network, p.username) for p in recorded.profiles}
    return [
        _issue(
            IssueKind.CONTACT_MISMATCH,
            social.url or social.network,
            "link not in the profile",
            f"basics.profiles[{i}]",
        )
        for i, social in enumerate(basics.profiles)
        if (url_key(str(social.url)) if social.url else key(social.network, social.username))
        not in known
    ]


def _headline_supported(label: str, evidence: Evidence) -> bool:
    """Every part of a headline ("Software Engineer | Python") is in the profile."""
    parts = [p.strip() for p in _HEADLINE_PARTS.split(label) if p.strip()]
    return all(evidence.phrase_supported(p) or evidence.skill_supported(p) for p in parts)


def _check_basics(basics: Basics, profile: Profile, evidence: Evidence) -> list[Issue]:
    recorded = profile.basics
    issues = _contact_issues(basics, recorded, evidence) + _social_issues(basics, recorded)
    if basics.label and not _headline_supported(basics.label, evidence):
        issues.append(
            _issue(
                IssueKind.UNKNOWN_TITLE,
                basics.label,
                "headline title not in the profile",
                "basics.label",
                expected=recorded.label,
            )
        )
    return issues + check_prose(basics.summary, evidence, "basics.summary")


def check_cv_fields(doc: CVDocument, profile: Profile, evidence: Evidence) -> list[Issue]:
    """All fabrication issues in a structured CV, section by section."""
    return [
        *_check_basics(doc.basics, profile, evidence),
        *_check_work(doc, profile, evidence),
        *_check_education(doc, profile, evidence),
        *_check_skills(doc, profile, evidence),
        *_check_projects(doc, profile, evidence),
        *_check_certificates(doc, profile),
        *_check_languages(doc, profile),
        *_check_references(doc, profile, evidence),
    ]
