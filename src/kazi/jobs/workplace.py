"""Where and on what terms the job is done, read from a page's wording.

A page that says nothing gets None: "remote" is True only where the role is
stated as remote, False where it is hybrid or on site.
"""

import re

from kazi.jobs.posting import EmploymentType
from kazi.jobs.readable import TextLine
from kazi.jobs.titles import has_role_word
from kazi.jobs.values import employment_type_from

_STATED_REMOTE = re.compile(
    r"\b(?:fully|100\s?%|completely) remote\b|\bremote[- ](?:first|only|position|role|job)\b"
    r"|\(remote\)|\bwork(?:ing)? (?:fully )?remotely\b|\bwork from (?:home|anywhere)\b"
    r"|\b(?:position|role|job) is (?:fully )?remote\b"
    r"|\bkazi ya mbali\b|\btélétravail complet\b|フルリモート|完全リモート|удал[её]нн",
    re.IGNORECASE,
)
_STATED_ON_SITE = re.compile(
    r"\bhybrid\b|\bon-?site (?:role|position|job|only|at|in)\b|\((?:on-?site|office)\)"
    r"|\b(?:fully|100\s?%) on-?site\b|\bin-office\b"
    r"|\bwork(?:ing)? (?:from|at|in) (?:our|the) (?:[\w-]+ ){0,3}office\b"
    r"|\b(?:per|a) week on-?site\b|\bdays? (?:per|a) week in (?:the|our) office\b"
    r"|\bt[ée]l[ée]travail\b|\bprésentiel\b|\bофис\b|\bvor ort\b|\bhybride\b|\bofisini\b",
    re.IGNORECASE,
)
_PLACE_THEN_REMOTE = re.compile(r"^(?P<place>[^()]{2,80}?)\s*\((?P<mode>remote|hybrid)\)$", re.I)
_MAX_TERMS_WORDS = 4


# Words every statement above contains: lines without any are not searched (pages are long).
_KEYWORDS = (
    "remote",
    "work from",
    "mbali",
    "travail",
    "リモート",
    "удал",
    "hybrid",
    "site",
    "office",
    "présentiel",
    "офис",
    "vor ort",
    "ofisini",
)


def remote_from_text(text: str) -> bool | None:
    """True for a role stated as remote, False for hybrid or on site, else None."""
    lines = [line for line in text.lower().splitlines() if any(k in line for k in _KEYWORDS)]
    relevant = "\n".join(lines)
    if _STATED_REMOTE.search(relevant):
        return True
    return False if _STATED_ON_SITE.search(relevant) else None


def employment_from_lines(lines: list[TextLine]) -> EmploymentType | None:
    """The employment type a short chip or line states ("Full time", "Полная занятость")."""
    for line in lines:
        text = line.text.strip()
        if len(text.split()) > _MAX_TERMS_WORDS or has_role_word(text):
            continue
        found = employment_type_from(text)
        if found is not None:
            return found
    return None


def tidy_location(text: str) -> str:
    """ "South Africa (Remote)" written the usual way, "Remote (South Africa)"."""
    match = _PLACE_THEN_REMOTE.match(text.strip())
    if match and match["mode"].lower() == "remote":
        return f"Remote ({match['place'].strip()})"
    return text
