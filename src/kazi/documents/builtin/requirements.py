"""A job's requirements read into typed items: what a recruiter would tick off a list.

Each requirement line of a posting is cut into clauses ("CPA (K) and membership of
ICPAK" is two), and each clause becomes one item of one kind: a degree, a
certification, a licence, a membership, a number of years, a skill or a language.
Each skill the posting lists is a skill item too. A line that calls itself an
advantage ("added advantage", "preferred", "desirable") is nice-to-have; every other
line is a must-have. Reading is by small word rules, so it is the same every time.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from kazi.documents.builtin.wording import frozen_words
from kazi.jobs.posting import JobData


class Kind(StrEnum):
    DEGREE = "degree"
    CERTIFICATION = "certification"
    LICENCE = "licence"
    MEMBERSHIP = "membership"
    YEARS = "years"
    SKILL = "skill"
    LANGUAGE = "language"


class Priority(StrEnum):
    MUST = "must"
    NICE = "nice"


@dataclass(frozen=True)
class Requirement:
    kind: Kind
    priority: Priority
    text: str  # the posting's own clause
    options: tuple[str, ...]  # any one of these meets it: bodies, fields, skills, languages
    level: int = 0  # a degree's level (see DEGREE_LEVELS) or the years asked for


# Levels of study, lowest first; a profile meets a degree item at its level or above.
DEGREE_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (5, re.compile(r"\b(?:ph\.?d|doctorate|doctor of)\b", re.I)),
    (4, re.compile(r"\b(?:master'?s?|msc|mba|ma|m\.?ed|mph|llm)\b", re.I)),
    (
        3,
        re.compile(
            r"\b(?:bachelor'?s?|degree|bsc|ba|bcom|b\.?com|b\.?ed|beng|b\.?tech|llb)\b", re.I
        ),
    ),
    (2, re.compile(r"\b(?:higher national diploma|diploma|hnd)\b", re.I)),
    (1, re.compile(r"\bcertificate in\b", re.I)),
    (0, re.compile(r"\b(?:kcse|kcpe|o-level|a-level)\b", re.I)),
)
LANGUAGES = frozen_words(
    "english kiswahili swahili french arabic somali amharic luganda kinyarwanda german "
    "spanish portuguese mandarin chinese italian"
)
_NICE = re.compile(
    r"advantage|preferred|desirable|nice to have|is a plus|an asset|bonus|ideally", re.I
)
# "3 years", "5+ yrs", "3–5 years" (a range asks for its lower end).
_YEARS = re.compile(
    r"(?<![\w.])(\d{1,2})\s*(?:(?:[–-]|to)\s*\d{1,2}\s*)?\+?\s*(?:\(\w+\)\s*)?(?:years?|yrs)\b",
    re.I,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_YEARS_IN_WORDS = re.compile(
    rf"\b({'|'.join(_NUMBER_WORDS)})\s*(?:\(\d+\)\s*)?\+?\s*(?:years?|yrs)\b", re.I
)
_LICENCE = re.compile(r"licen[cs]e|licensed|registration|registered|practising|practicing", re.I)
_MEMBERSHIP = re.compile(r"\bmember(?:ship)?\b", re.I)
_CERTIFICATION = re.compile(r"certifi(?:ed|cation|cate)|qualified", re.I)
# "CPA (K)", "ACCA", "CIPS": an acronym with an optional country mark.
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,9}\b(?:\s*\((?:K|Kenya|UK|EA)\))?")
# "Nursing Council of Kenya": capitalised words joined by small connectors.
_NAMED_BODY = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of|and|for|&|the)?\s*[A-Z][a-z]+)+")
# Qualifications that postings name bare, without "certified" next to them.
_QUALIFICATION_ACRONYMS = frozen_words(
    "ACCA ACLS ATLS BLS CFA CIFA CIMA CIPS CISA CISM CISSP CPA CPS CS PALS PMP PRINCE"
)
_SKILL_LEAD = re.compile(
    r"^(?:(?:a|an|the|excellent|strong|good|sound|proven|demonstrated|solid|working|"
    r"hands-on|practical|basic|advanced|in-depth|thorough|must\s+have|should\s+have|"
    r"have|has|ability\s+to\s+use|experience|knowledge|proficiency|familiarity|"
    r"understanding|expertise|skills?|competence|in|with|of|using)\s+)+",
    re.I,
)
# Parts of a line that may differ in priority: "BLS certification; ACLS is an advantage".
_PARTS = re.compile(r";|\.\s+(?=[A-Z])")
_CLAUSE_SPLIT = re.compile(r";|,\s+|\s+and\s+|\s+as well as\s+|\s*&\s*")
# "Customer handling: confident" is a label and its value, not a skill's name.
_LABEL = re.compile(r"^[^:]{1,40}:\s*")
MAX_SKILL_WORDS = 4
_SKILL_TAIL = re.compile(r"\s+(?:skills?|knowledge|experience|proficiency)$", re.I)
_OPTION_SPLIT = re.compile(r"\s+or\s+|/|,\s*")
_FIELD = re.compile(r"\bin\s+(.+)$", re.I)
_FIELD_FILLER = re.compile(
    r"\b(?:a|any|the|relevant|related|equivalent|similar|field|fields|discipline|"
    r"from a recognised institution|recognised|institution|university)\b",
    re.I,
)
_SOFT_WORDS = frozen_words(
    """ability able to work under pressure team player attention detail self-motivated
    communication interpersonal written verbal oral honest integrity hardworking
    flexible willing must be a an the and with of in for on minimum least at"""
)


def read_requirements(job: JobData | None) -> list[Requirement]:
    """Every typed item of the posting, in the posting's order, without repeats."""
    if job is None:
        return []
    items: list[Requirement | None] = []
    for line in job.requirements:
        for part in _PARTS.split(line):
            items += read_line(part) if part.strip() else []
    items += [_skill(skill, Priority.MUST, listed=True) for skill in job.skills if skill.strip()]
    return _unique(items)


def read_line(line: str) -> list[Requirement]:
    priority = Priority.NICE if _NICE.search(line) else Priority.MUST
    text = _NICE.sub("", line).strip(" .:;-–—*")
    years = _years(text)
    if years:
        return [Requirement(Kind.YEARS, priority, text, (), years)]
    level = degree_level(text)
    if level is not None and not _LICENCE.search(text) and not _MEMBERSHIP.search(text):
        return [_degree(text, priority, level)]
    clauses = [c.strip(" .") for c in _CLAUSE_SPLIT.split(text) if c.strip(" .")]
    # "Experience with PostgreSQL and Redis": the lead-in announces every part.
    announced = bool(_SKILL_LEAD.match(_LABEL.sub("", text)))
    items = [_clause(clause, priority, announced) for clause in clauses]
    return [item for item in items if item is not None]


def degree_level(text: str, *, lowest: bool = True) -> int | None:
    """The level of study a text names: the lowest one it accepts ("Diploma or degree"),
    or with `lowest=False` the highest one it holds ("Diploma and Bachelor")."""
    levels = [level for level, pattern in DEGREE_LEVELS if pattern.search(text)]
    if not levels:
        return None
    return min(levels) if lowest else max(levels)


def _years(text: str) -> int:
    found = _YEARS.search(text)
    if found:
        return int(found.group(1))
    worded = _YEARS_IN_WORDS.search(text)
    return _NUMBER_WORDS[worded.group(1).lower()] if worded else 0


def _degree(text: str, priority: Priority, level: int) -> Requirement:
    field = _FIELD.search(text)
    fields: tuple[str, ...] = ()
    if field:
        cleaned = _FIELD_FILLER.sub(" ", field.group(1))
        fields = tuple(f.strip() for f in _OPTION_SPLIT.split(cleaned) if len(f.strip()) > 2)
    if level == 0:
        fields = tuple(m.group(0).upper() for m in DEGREE_LEVELS[-1][1].finditer(text))
    return Requirement(Kind.DEGREE, priority, text, fields, level)


def _clause(clause: str, priority: Priority, announced: bool) -> Requirement | None:
    named = _named(clause)
    if _MEMBERSHIP.search(clause):
        return Requirement(Kind.MEMBERSHIP, priority, clause, named or (clause,))
    if _LICENCE.search(clause):
        return Requirement(Kind.LICENCE, priority, clause, named or (clause,))
    languages = [w for w in re.findall(r"[A-Za-z]+", clause) if w.lower() in LANGUAGES]
    if languages:
        return Requirement(Kind.LANGUAGE, priority, clause, tuple(languages))
    acronyms = {m.group(0).split()[0].strip("()") for m in _ACRONYM.finditer(clause)}
    if _CERTIFICATION.search(clause) or acronyms & _QUALIFICATION_ACRONYMS or "(K)" in clause:
        return Requirement(Kind.CERTIFICATION, priority, clause, named or (clause,))
    return _skill(clause, priority, announced=announced)


def _named(clause: str) -> tuple[str, ...]:
    """The acronyms and named bodies in a clause: the things a profile must show."""
    names = [m.group(0) for m in _ACRONYM.finditer(clause)]
    names += [m.group(0) for m in _NAMED_BODY.finditer(clause)]
    return tuple(dict.fromkeys(names))


def _skill(
    text: str, priority: Priority, *, listed: bool = False, announced: bool = False
) -> Requirement | None:
    """A skill item; from a requirement sentence only when it names something specific.

    A posting's own skills list is taken as it is. In a requirement line, "Proficiency in
    MS Excel" names a skill, while "ability to multitask" or "Age: doesn't matter" do not,
    and are left untyped rather than reported as skills the profile lacks.
    """
    unlabelled = _LABEL.sub("", text.strip(" "))
    core = _SKILL_TAIL.sub("", _SKILL_LEAD.sub("", unlabelled.strip(" ."))).strip()
    announced = announced or listed or core != unlabelled.strip(" .")
    options = tuple(o.strip(" .") for o in _OPTION_SPLIT.split(core) if o.strip(" ."))
    meaningful = [o for o in options if set(o.lower().split()) - _SOFT_WORDS]
    if not listed:
        meaningful = [o for o in meaningful if _names_a_skill(o, announced)]
    if not meaningful:
        return None
    return Requirement(Kind.SKILL, priority, text.strip(" ."), tuple(meaningful))


def _names_a_skill(option: str, announced: bool) -> bool:
    """Short, and with a name in it: a capital after the first letter ("MS Excel", "SPSS",
    "AutoCAD Civil 3D"), or one capitalised word a lead-in announced ("knowledge of
    Java"), not only a sentence's opening capital ("Confident")."""
    words = option.split()
    if not words or len(words) > MAX_SKILL_WORDS:
        return False
    single_name = len(words) == 1 and option[0].isupper() and announced
    return single_name or any(ch.isupper() for ch in option[1:])


def _unique(items: list[Requirement | None]) -> list[Requirement]:
    seen: set[tuple[Kind, tuple[str, ...], int]] = set()
    kept: list[Requirement] = []
    for item in items:
        if item is None:
            continue
        key = (item.kind, tuple(o.lower() for o in item.options), item.level)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
