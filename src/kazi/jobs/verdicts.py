"""Signs that a page or a paste is not one job posting, read from its lines.

Several postings show as repetition: the same section headings ("Requirements")
under each role, the same employment-type or place line under each teaser, a
list of role names, an announcement of "vacancies" in the plural. Something
that is no job at all names itself: a scholarship, a career fair, "no
openings", or a template that was never filled in ("[shortcode id=1]").
"""

import re
from collections import Counter

from kazi.jobs.labels import SECTION_BY_LABEL, normalise_label
from kazi.jobs.readable import TextLine
from kazi.jobs.titles import clean_title, has_role_word
from kazi.jobs.values import employment_type_from

MIN_REPEATS = 3
MIN_ROLES = 3

_NOT_A_JOB_TITLE = re.compile(
    r"\b(?:scholarships?|fellowships?|bursar(?:y|ies)|grants?|admissions?|webinars?"
    r"|conferences?|career (?:fair|expo|day)|job (?:fair|expo)|call for (?:papers|proposals))\b",
    re.IGNORECASE,
)
_NO_OPENINGS = re.compile(
    r"^(?:there are )?no (?:current |open )?(?:job )?(?:openings?|vacancies|positions"
    r"|open (?:positions|roles))\b",
    re.IGNORECASE,
)
_PLURAL_ANNOUNCEMENT = re.compile(
    r"^(?:tangazo la )?(?:nafasi za kazi|vacancies|job vacancies|job openings|open positions"
    r"|current (?:openings|opportunities|vacancies)|opportunities|вакансии|stellenangebote"
    r"|offres d'emploi|vacatures)\b",
    re.IGNORECASE,
)
_RESULTS_COUNT = re.compile(
    r"\b\d[\d,]*\s+(?:[\w&-]+\s+){0,6}(?:jobs?|vacancies|positions|results)\s*found\b"
    r"|\bshowing \d+\s*(?:-|–|to)\s*\d+ of \d+",
    re.IGNORECASE,
)
_TEMPLATE_ONLY = re.compile(r"^(?:\[[a-z][\w-]*(?:\s[^\]]*)?\]|\{\{.*\}\}|\{[A-Za-z.]+\(.*\)\})$")
_LIST_MARKER = re.compile(
    r"^(?:\d{1,2}\s*[.)]|\d\ufe0f?\u20e3|[-•*·▪●◦–>]|[\U0001F300-\U0001FAFF\u2600-\u27BF]+)\s*"
)
_POST_COUNT = re.compile(
    r"\(\s*\d+\s*(?:posts?|positions?|vacancies)\s*\)|\(\s*nafasi\s+\d+\s*\)|\s[-–]\s*\d+\s*$",
    re.IGNORECASE,
)
_ROLE_HEAD_END = re.compile(r"\s+[-–—]\s+|\s*[(:]|\s*https?://|\s*👉")


def not_a_job_title(title: str | None) -> bool:
    """A title naming a scholarship, a fair or "no openings" rather than a job."""
    if not title:
        return False
    return bool(_NOT_A_JOB_TITLE.search(title) and not has_role_word(title)) or bool(
        _NO_OPENINGS.match(title.strip())
    )


def announces_several(headings: list[str]) -> bool:
    """A main heading announcing vacancies in the plural, or a count of search results."""
    return any(
        _PLURAL_ANNOUNCEMENT.match(heading.strip()) or _RESULTS_COUNT.search(heading)
        for heading in headings
    )


def is_unfilled_template(lines: list[TextLine]) -> bool:
    """The posting's body is a shortcode or template expression nobody rendered."""
    return any(_TEMPLATE_ONLY.match(line.text.strip()) for line in lines)


def repeats_like_a_listing(lines: list[TextLine]) -> bool:
    """The same section heading, or the same short employment-type line, three times."""
    sections: Counter[str] = Counter()
    facets: Counter[str] = Counter()
    for line in lines:
        text = line.text.strip()
        if len(text) > 60:
            continue
        name = SECTION_BY_LABEL.get(normalise_label(text))
        if name is not None:
            sections[name] += 1
        elif employment_type_from(text) is not None and not has_role_word(text):
            facets[text.lower()] += 1
    counts = list(sections.values()) + list(facets.values())
    return max(counts, default=0) >= MIN_REPEATS


def _role_head(text: str) -> tuple[str | None, bool]:
    """The role a list line names ("2. DRIVER (3 POSTS)" -> "DRIVER"), and whether it
    gives a number of posts."""
    marker = _LIST_MARKER.match(text)
    if marker is None:
        return None, False
    rest = text[marker.end() :].strip()
    head = _ROLE_HEAD_END.split(rest, maxsplit=1)[0].strip(" *_")
    words = [word for word in head.split() if len(word) > 3]
    if not head or len(head.split()) > 6 or not has_role_word(head):
        return None, False
    capitalised = sum(word[:1].isupper() for word in words)
    if words and capitalised < 0.6 * len(words):
        return None, False
    return clean_title(head), _POST_COUNT.search(rest) is not None


def listed_roles(lines: list[str]) -> list[str]:
    """Role names given as list lines, when there are enough of them to be several jobs."""
    roles: dict[str, None] = {}
    with_counts = 0
    for line in lines:
        role, counted = _role_head(line.strip())
        if role:
            roles.setdefault(role, None)
            with_counts += counted
    found = list(roles)
    enough = len(found) >= MIN_ROLES or (len(found) >= 2 and with_counts >= 2)
    return found if enough else []
