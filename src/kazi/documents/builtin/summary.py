"""The CV summary: two or three sentences a recruiter reads first.

1. Who the candidate is, how many years they have worked (computed from the work
   dates) and the skills the job asks for that the profile shows.
2. The most relevant role and its best quantified result, quoted from the profile.
3. The credentials that meet the job's must-haves (degree, certification, licence,
   membership), else the main qualification.

Every fact is a profile field; the Kiswahili summary quotes no English highlight.
"""

from dataclasses import dataclass
from datetime import date

from kazi.documents.builtin.matching import Match, credential_phrase, membership_body, total_years
from kazi.documents.builtin.relevance import (
    FIGURE_WEIGHT,
    impact,
    job_weights,
    rank_by_value,
    score,
    value,
)
from kazi.documents.builtin.requirements import Kind
from kazi.documents.builtin.wording import (
    article_for,
    body_phrase,
    institution_phrase,
    is_group_heading,
    join_names,
    qualification_phrase,
    qualifications_last,
    sentence,
    verb_led,
    years_phrase,
)
from kazi.documents.render import language_key
from kazi.jobs.posting import JobData
from kazi.profiles.schemas import Education, Profile, Work

SUMMARY_SKILLS = 4
SUMMARY_CREDENTIALS = 4
CREDENTIAL_KINDS = (Kind.DEGREE, Kind.CERTIFICATION, Kind.LICENCE, Kind.MEMBERSHIP)
_SCHOOL = frozenset({"kcse", "kcpe", "o-level", "a-level"})


def work_by_recency(profile: Profile) -> list[int]:
    """Work indexes, current and latest first; undated entries keep their place last."""

    def key(i: int) -> tuple[int, str, str, int]:
        item = profile.work[i]
        if not item.start_date:
            return (2, "", "", i)
        ongoing = 0 if not item.end_date else 1
        return (ongoing, _inverted(item.end_date or ""), _inverted(item.start_date), i)

    return sorted(range(len(profile.work)), key=key)


def education_by_recency(profile: Profile) -> list[int]:
    """Education indexes, latest finished first; undated entries keep their place last."""

    def key(i: int) -> tuple[int, str, int]:
        entry = profile.education[i]
        finished = entry.end_date or entry.start_date
        return (0, _inverted(finished), i) if finished else (1, "", i)

    return sorted(range(len(profile.education)), key=key)


def _inverted(value: str) -> str:
    # Later dates sort first: "2021-06" becomes a string that sorts before "2019-01".
    return "".join(chr(0x7F - ord(c)) for c in value.ljust(10, "0"))


def strongest_role(profile: Profile, job: JobData | None) -> Work | None:
    """The role whose title fits the job best together with its best highlight's value."""
    weights = job_weights(job)

    def strength(work: Work) -> int:
        best = max((value(h, weights) for h in work.highlights), default=0)
        return score(f"{work.position or ''} {work.summary or ''}", weights) + best

    strengths = [strength(w) for w in profile.work]
    order = sorted(range(len(profile.work)), key=lambda i: (-strengths[i], i))
    return profile.work[order[0]] if order else None


def best_result(work: Work, job: JobData | None) -> str | None:
    """The role's most relevant highlight that carries a figure, if it has one."""
    for index in rank_by_value(work.highlights, job_weights(job)):
        if impact(work.highlights[index]) >= FIGURE_WEIGHT:
            return work.highlights[index]
    return None


def main_qualification(profile: Profile) -> Education | None:
    """The first education entry that is more than a school certificate."""
    for entry in profile.education:
        if entry.study_type and entry.study_type.strip().lower() not in _SCHOOL:
            return entry
    return None


def degree_phrase(entry: Education, language: str) -> str:
    """ "a Bachelor of Commerce in Accounting from the University of Nairobi"."""
    if language == "sw":
        study = " katika ".join(p for p in (entry.study_type, entry.area) if p)
        return f"{study} kutoka {entry.institution}"
    qualification = qualification_phrase(entry)
    place = institution_phrase(entry.institution)
    return f"{article_for(qualification)} {qualification} from {place}"


def qualification_for(profile: Profile, matches: list[Match], language: str) -> str | None:
    """The education entry a must-have degree matched, else the main qualification."""
    met = [m for m in matches if m.met and m.must and m.requirement.kind is Kind.DEGREE]
    degree = met[0].evidence if met else None
    entry = (_entry_for(profile, degree) if degree else None) or main_qualification(profile)
    return degree_phrase(entry, language) if entry else None


def credentials(profile: Profile, matches: list[Match], language: str) -> list[str]:
    """Met must-have credentials as phrases; the main qualification when none is asked."""
    met = [m for m in matches if m.met and m.must and m.requirement.kind in CREDENTIAL_KINDS]
    degree = qualification_for(profile, matches, language)
    phrases = [degree] if degree else []
    papers = (Kind.CERTIFICATION, Kind.LICENCE)
    entries = {c.name: c for c in profile.certificates}
    others = [
        credential_phrase(entries[m.evidence], m, language)
        for m in met
        if m.requirement.kind in papers and m.evidence in entries
    ]
    held = [c.name for c in profile.certificates if "member" not in c.name.lower()]
    phrases += qualifications_last(others if met else held)
    return list(dict.fromkeys(p for p in phrases if p))[:SUMMARY_CREDENTIALS]


def memberships(matches: list[Match]) -> list[str]:
    met = [m for m in matches if m.met and m.must and m.requirement.kind is Kind.MEMBERSHIP]
    return list(dict.fromkeys(membership_body(m) for m in met))


def _entry_for(profile: Profile, evidence: str) -> Education | None:
    return next((e for e in profile.education if qualification_phrase(e) == evidence), None)


def matched_skills(matches: list[Match]) -> list[str]:
    found = [m.evidence for m in matches if m.met and m.requirement.kind is Kind.SKILL]
    return list(dict.fromkeys(e for e in found if e))[:SUMMARY_SKILLS]


def concrete_skills(profile: Profile) -> list[str]:
    """Skill names, with a group heading ("Tools: A, B") replaced by what it groups."""
    names: list[str] = []
    for skill in profile.skills:
        names += skill.keywords if is_group_heading(skill) else [skill.name]
    return names[:SUMMARY_SKILLS]


@dataclass(frozen=True)
class SummaryWords:
    """The summary's sentence patterns in one language."""

    experience: str  # {years}
    skilled: str  # {skills}
    worked: str  # {where}
    where: str  # {position} {employer}
    holds: str  # {items}
    member: str  # {bodies}
    holds_and_member: str  # {member}
    only_member: str  # {member}
    conjunction: str


SUMMARY_WORDS = {
    "en": SummaryWords(
        experience=" with {years} of experience",
        skilled=", skilled in {skills}",
        worked="Has worked as {where}",
        where="{position} at {employer}",
        holds="Holds {items}",
        member="a member of {bodies}",
        holds_and_member=", and is {member}",
        only_member="Is {member}",
        conjunction="and",
    ),
    "sw": SummaryWords(
        experience=" mwenye uzoefu wa kazi wa {years}",
        skilled=" na ujuzi wa {skills}",
        worked="Amefanya kazi kama {where}",
        where="{position} katika {employer}",
        holds="Ana {items}",
        member="mwanachama wa {bodies}",
        holds_and_member=", na ni {member}",
        only_member="Ni {member}",
        conjunction="na",
    ),
}


def compose_summary(
    profile: Profile,
    job: JobData | None,
    matches: list[Match],
    language: str | None = None,
    today: date | None = None,
) -> str:
    key = language_key(language)
    words = SUMMARY_WORDS[key]
    role = strongest_role(profile, job)
    lead = profile.basics.label or (role.position if role else None)
    parts = [
        _opening(words, lead, total_years(profile, today or date.today()), key, matches, profile),
        _role_sentence(words, role, job, key),
        _credentials_sentence(words, credentials(profile, matches, key), memberships(matches)),
    ]
    return " ".join(p for p in parts if p)


def _opening(
    words: SummaryWords,
    lead: str | None,
    years: int,
    language: str,
    matches: list[Match],
    profile: Profile,
) -> str:
    if not lead:
        return ""
    skills = matched_skills(matches) or concrete_skills(profile)
    opening = lead + (words.experience.format(years=years_phrase(years, language)) if years else "")
    if skills:
        opening += words.skilled.format(skills=join_names(skills, words.conjunction))
    return sentence(opening)


def _role_sentence(
    words: SummaryWords, role: Work | None, job: JobData | None, language: str
) -> str:
    """The strongest role with its best figure; the Kiswahili summary names the role only."""
    if not role or not role.position:
        return ""
    employer = body_phrase(role.name) if language == "en" else role.name
    where = words.where.format(position=role.position, employer=employer)
    result = best_result(role, job) if language == "en" else None
    if result and verb_led(result):
        return sentence(f"{result.rstrip('.')} as {where}")
    if result:
        return sentence(f"Key result as {where}: {result}")
    return sentence(words.worked.format(where=where))


def _credentials_sentence(words: SummaryWords, held: list[str], bodies: list[str]) -> str:
    member = words.member.format(bodies=join_names(bodies, words.conjunction)) if bodies else ""
    if held:
        tail = words.holds_and_member.format(member=member) if member else ""
        return sentence(words.holds.format(items=join_names(held, words.conjunction)) + tail)
    return sentence(words.only_member.format(member=member)) if member else ""
