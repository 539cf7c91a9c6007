"""A posting's title and employer as the page shows them, without the site's wrapping.

Pages decorate both: a site-wide `<title>` ("Careers", "Careers at Acme"), SEO
headlines ("Work in Ghana as X in Y", "We Are Looking For A X"), prefixes
("Position: X"), suffixes ("X – Acme", "X (5 posts)"). The job is the heading
that the document title repeats; the employer is what is left of that title,
the site's name, its logo, or the applicant-tracking system's address.
"""

import re
from urllib.parse import urlsplit

from kazi.jobs.labels import JOB_BOARD_NAMES, normalise_label
from kazi.jobs.values import employment_type_from

TITLE_LIMIT = 500

_PART_SEPARATORS = re.compile(r"\s+(?:[|–—»·•~]|::|-|:)\s+")
_GENERIC_TITLES = re.compile(
    r"^(?:careers?|jobs?|job (?:details|description|offer|opening|openings|vacancy|posting)"
    r"|vacanc(?:y|ies)|open (?:positions|roles)|opportunities|join (?:us|our team)"
    r"|work with us|we(?:'re| are) hiring!?|hiring|home|(?:the ?)?blog|news|apply|apply now"
    r"|current openings|nafasi (?:za|ya) kazi|tangazo la kazi|ajira(?: mpya)?|kazi"
    r"|вакансия|вакансии|karriere|stellenangebote?|emplois?|offres? d'emploi|vacatures?)$",
    re.IGNORECASE,
)
_GENERIC_TITLE_FORMS = re.compile(
    r"^(?:(?:careers?|jobs?|work|vacancies|opportunities) (?:at|with|@) .+"
    r"|.+ (?:careers?|jobs)(?: page)?|find jobs? and career opportunities with .+"
    r"|no (?:current )?(?:job )?(?:openings?|vacancies|positions))$",
    re.IGNORECASE,
)
_TITLE_PREFIX = re.compile(
    r"^(?:(?:job title|position(?: title)?|role|vacancy|job|title|post|cheo|nafasi"
    r"|poste|hiring|now hiring|urgent(?:ly)? hiring|wanted|opening)\s*[:：–-]\s*"
    r"|we(?:'re| are) (?:looking for|seeking|hiring|recruiting)(?: an?)?\s+"
    r"|(?:now )?hiring(?: an?)?\s+)",
    re.IGNORECASE,
)
_WORK_IN_AS = re.compile(
    r"^work in .{2,60}? as (?:an? )?(?P<title>.+?)(?: (?:in|at) (?P<company>[^,]{2,80}))?$",
    re.IGNORECASE,
)
_POST_COUNT = re.compile(
    r"\s*[(\[]?\s*(?:\d+|nafasi \d+)\s*(?:posts?|positions?|vacancies|openings|nafasi)?"
    r"\s*[)\]]\s*$|\s*[-–(]\s*\d+\s*(?:posts?|positions?|vacancies)\)?\s*$",
    re.IGNORECASE,
)
_AT_COMPANY = re.compile(
    r"^(?P<title>.{3,120}?)\s+(?:at|@|katika|chez|bei)\s+(?P<company>.{2,120})$", re.IGNORECASE
)
_EDGE_NOISE = re.compile(r"^[\W_]+(?=[\w(])|(?<=[\w)])[\s|–—:·•»*!-]+$")
_LOGO_WORDS = re.compile(r"\b(?:logo|svg|png|icon|image|home)\b", re.IGNORECASE)
_ATS_PATTERNS = (
    re.compile(r"^(?:boards|job-boards)\.greenhouse\.io\$/(?P<slug>[\w-]+)"),
    re.compile(r"^jobs\.lever\.co\$/(?P<slug>[\w-]+)"),
    re.compile(r"^jobs\.ashbyhq\.com\$/(?P<slug>[\w%-]+)"),
    re.compile(r"^apply\.workable\.com\$/(?P<slug>[\w-]+)"),
    re.compile(r"^(?P<slug>[\w-]+)\.(?:wd\d+\.)?myworkdayjobs\.com\$/"),
    re.compile(r"^(?P<slug>[\w-]+)\.workable\.com\$/"),
    re.compile(r"^(?P<slug>[\w-]+)\.(?:bamboohr|recruitee|teamtailor|breezy)\.(?:com|hr)\$/"),
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def is_generic_title(text: str) -> bool:
    """A heading that names the site or the section, not a job ("Careers", "Full time")."""
    cleaned = _squash(text).strip(" !.:|–-")
    if not cleaned or _GENERIC_TITLES.match(cleaned) or _GENERIC_TITLE_FORMS.match(cleaned):
        return True
    short = len(cleaned.split()) <= 3
    return short and employment_type_from(cleaned) is not None and not has_role_word(cleaned)


_ROLE_WORDS = re.compile(
    r"\b(?:manager|officer|engineer|developer|assistant|designer|analyst|accountant|driver"
    r"|technician|specialist|consultant|coordinator|director|lead|head|intern|nurse|teacher"
    r"|representative|agent|executive|programmer|scientist|editor|writer|clerk|cashier"
    r"|attendant|administrator|supervisor|associate|advisor|adviser|chef|cook|guard|mechanic"
    r"|receptionist|tester|architect|technologist|waiter|waitress|housekeeper|barista|support"
    r"|loader|cleaner|operator|planner|auditor|secretary|pharmacist|doctor|lecturer|trainer"
    r"|mwalimu|walimu|dereva|madereva|mhudumu|wahudumu|karani|makarani|msimamizi|wasimamizi"
    r"|msaidizi|wasaidizi|mpishi|wapishi|mlinzi|walinzi"
    r"|fundi|mkulima)(?:e?s)?\b",
    re.IGNORECASE,
)


def has_role_word(text: str) -> bool:
    return _ROLE_WORDS.search(text) is not None


def title_parts(text: str) -> list[str]:
    """A document title split at its separators ("Job | Site", "Site » Job")."""
    return [part for part in (_squash(p) for p in _PART_SEPARATORS.split(text)) if part]


def clean_title(text: str, company: str | None = None) -> str | None:
    """A job title without SEO wrapping, prefixes, post counts or the employer's name."""
    title = _squash(text)
    work_in = _WORK_IN_AS.match(title)
    if work_in:
        title = work_in["title"]
    for pattern in (_TITLE_PREFIX, _POST_COUNT, _EDGE_NOISE):
        title = pattern.sub("", title).strip()
    if company:
        title = _without_company(title, company)
    return title[:TITLE_LIMIT] or None


def _without_company(title: str, company: str) -> str:
    lowered, name = title.lower(), company.lower()
    if lowered.startswith(name + " ") and len(title) > len(company) + 3:
        return title[len(company) :].strip()
    for joiner in (" at ", " in ", " - ", " – "):
        if lowered.endswith(joiner + name):
            return title[: -len(joiner + name)].strip()
    return title


def company_from_seo_title(text: str) -> str | None:
    """The employer named in a "Work in <place> as <job> in <company>" headline."""
    match = _WORK_IN_AS.match(_squash(text))
    return match["company"].strip() if match and match["company"] else None


def pick_title(
    main_headings: list[str],
    other_headings: list[str],
    document_titles: list[str],
    company: str | None = None,
    *,
    require_repeat: bool = False,
) -> str | None:
    """The heading the document title repeats, else the first real main heading (h1),
    else the likeliest part of the document title."""
    parts = {normalise_label(part) for title in document_titles for part in title_parts(title)}
    parts |= {normalise_label(title) for title in document_titles}
    real = [heading for heading in main_headings if not is_generic_title(heading)]
    for heading in real + other_headings:
        if normalise_label(heading) in parts and not is_generic_title(heading):
            return clean_title(heading, company)
    if require_repeat:
        return None
    if real:
        return clean_title(real[0], company)
    for title in document_titles:
        candidates = [part for part in title_parts(title) if not is_generic_title(part)]
        if company:
            candidates = [part for part in candidates if part.lower() != company.lower()]
        if candidates:
            best = next((part for part in candidates if has_role_word(part)), candidates[0])
            at_match = _AT_COMPANY.match(best)
            return clean_title(at_match["title"] if at_match else best, company)
    return None


def is_usable_company(name: str | None) -> bool:
    if not name or is_generic_title(name) or len(name) > 120:
        return False
    return normalise_label(name).replace(" ", "") not in JOB_BOARD_NAMES


def company_from_parts(document_title: str, job_title: str | None) -> str | None:
    """What a document title holds beside the job: "<Job> – <Company>", "<Company> » <Job>"."""
    job = normalise_label(job_title or "")
    parts = [part for part in title_parts(document_title) if not is_generic_title(part)]
    for part in parts:
        at_match = _AT_COMPANY.match(part)
        if at_match:
            return at_match["company"]
    others = [
        part
        for part in parts
        if job not in normalise_label(part) and normalise_label(clean_title(part) or "") != job
    ]
    if not job or (len(others) == len(parts) and len(parts) > 1):
        return None
    return others[-1] if others else None


def logo_name(alt_texts: list[str]) -> str | None:
    """A site logo's alt text without "logo", "svg" and the like."""
    for alt in alt_texts:
        name = _squash(_LOGO_WORDS.sub("", alt)).strip(" ,.-")
        if is_usable_company(name) and len(name.split()) <= 6:
            return name
    return None


def company_from_ats(url: str | None) -> str | None:
    """The employer an applicant-tracking system's address names (jobs.lever.co/acme)."""
    if not url:
        return None
    parts = urlsplit(url if "//" in url else f"https://{url}")
    host_and_path = f"{(parts.hostname or '').lower()}$/{parts.path.lstrip('/')}"
    for pattern in _ATS_PATTERNS:
        match = pattern.match(host_and_path)
        if match:
            return _squash(match["slug"].replace("-", " ").replace("_", " ")).title() or None
    return None
