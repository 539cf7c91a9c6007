"""Pasted ads as people forward them: WhatsApp and Telegram posts, classifieds,
LinkedIn posts, e-mail forwards, in English and Kiswahili.

Such a paste opens with banners ("🚨 JOB ALERT 🚨"), greetings, forward headers
or a channel's name; the job is named in a label ("Position: X"), a phrase
("X needed at Y", "Y is looking for a X", "Tunatafuta X") or the first line
that names a role. A paste that lists several roles, or that is no job ad at
all (a notice, a career fair, a course), is recognised as such.
"""

import html
import re
from dataclasses import dataclass, field

from kazi.jobs.heuristics import apply_heuristics
from kazi.jobs.intake import ParsedPosting, missing_fields
from kazi.jobs.labels import SECTION_BY_LABEL, normalise_label
from kazi.jobs.paste_terms import (
    NOT_JOB_SIGNALS,
    find_paste_apply,
    find_paste_deadline,
    find_paste_employment,
    find_paste_remote,
    find_paste_salary,
)
from kazi.jobs.places import COUNTRY_WORDS, find_place, is_place
from kazi.jobs.posting import Source
from kazi.jobs.readable import ParsedPage
from kazi.jobs.structured import validated_job
from kazi.jobs.titles import clean_title, has_role_word, is_generic_title
from kazi.jobs.verdicts import listed_roles

_DECORATION = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF\u2500-\u257F\u25A0-\u25FF"
    r"\uFE0F\u200D\u20E3*]+|(?<!\w)_+|_+(?!\w)"
)
_FORWARD_HEADER = re.compile(
    r"^(?:-*\s*(?:forwarded|original)(?: message)?\s*-*|fwd?:.*"
    r"|(?:from|to|date|sent|cc|subject)\s*:.*)$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|habari|hujambo"
    r"|salaams?|regards|kindly|please (?:see|share|find)|share with|join our|follow us"
    r"|check out this job)\b",
    re.IGNORECASE,
)
_BANNER = re.compile(
    r"^(?:(?:job|jobs|kazi) alerts?|we(?:'re| are) hiring|now hiring|hiring|urgent(?:ly)?"
    r"|vacanc(?:y|ies)(?: announcement)?|job (?:opportunity|opening|vacancy)|remote jobs?"
    r"|casual jobs?|new jobs?|ajira(?: mpya)?|nafasi (?:ya|za) kazi|tangazo la kazi"
    r"|internship opportunity|.*recruitment drive.*|.*jobs? hub|.*channel.*)$",
    re.IGNORECASE,
)
_TITLE_LABEL = re.compile(
    r"^(?:job title|position|role|vacancy|cheo|nafasi|internship|consultancy|hiring|post|title)"
    r"\s*[:：]\s*(?P<title>.{2,120})$",
    re.IGNORECASE,
)
_TITLE_PHRASES = (
    re.compile(r"^wanted\s*[:：-]\s*(?P<title>[^,.]{2,80})", re.IGNORECASE),
    re.compile(
        r"^(?P<title>[^.!:]{2,80}?)\s+(?:needed|wanted|required)(?:\s+urgently)?\b"
        r"(?:\s*(?:at|[-–])\s+(?P<company>[^,.]{2,80}?)"
        r"(?:,\s*(?P<place>[^.]{2,40}?))?(?:[.!]|$))?",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:hiring|looking for|seeking|recruit(?:ing)?)(?: an?)?\s+(?P<title>[A-Z][^,.!]{1,80}?)"
        r"(?=\s+(?:to|for|in|who|with|from|based|at)\b|[,.!(]|$)"
        r"(?:\s+at\s+(?P<company>[A-Z][^,.!(]{1,60}))?"
    ),
    re.compile(
        r"(?:tunatafuta|anatafuta|inatafuta|unatafuta|linatafuta)\s+(?P<title>[^.,]{2,80})",
        re.IGNORECASE,
    ),
    re.compile(r"^kazi ya (?P<title>.{2,80}?) inapatikana\b", re.IGNORECASE),
)
_EMPLOYER_PHRASES = (
    re.compile(
        r"^(?P<company>[A-Z][^.!:]{1,80}?)"
        r"(?:\s+(?:in|at|based in)\s+(?P<place>[A-Z][^.!:]{1,40}?))?"
        r"\s+(?:is|are)\s+(?:looking|hiring|recruiting|seeking|searching)\b"
    ),
    re.compile(
        r"^(?P<company>[A-Z][^.!:]{1,80}?)\s+(?:invites applications|seeks to recruit"
        r"|wishes to recruit|seeks)\b"
    ),
    re.compile(
        r"^(?P<company>[A-Z][^.!:]{1,80}?)(?:\s+(?:uliopo|iliyopo|lililopo)\s+(?P<place>[^.]{2,40}?))?"
        r"\s+(?:inatangaza|unatafuta|linatafuta|inatafuta|anatafuta)\b"
    ),
    re.compile(r"\bjob at (?P<company>[A-Z][^:,.!]{1,60})"),
)
_COMPANY_LABEL = re.compile(
    r"^(?:company|employer|organi[sz]ation|kampuni|mwajiri|hiring organi[sz]ation)\s*[:：]\s*"
    r"(?P<company>.{2,120})$",
    re.IGNORECASE,
)
_LOCATION_LABEL = re.compile(
    r"^(?:location|job location|work location|duty station|mahali(?: pa kazi)?|eneo|place)"
    r"\s*[:：]\s*(?P<place>.{2,120})$",
    re.IGNORECASE,
)
_ORGANISATION_WORDS = re.compile(
    r"\b(?:hotel|ltd|limited|company|bank|hospital|school|clinic|supermarket|garage|trust"
    r"|foundation|agency|group|enterprises|hardware|academy|shule|hoteli|kampuni|restaurant"
    r"|mgahawa|sacco|university|college|plc|inc|llc)\b",
    re.IGNORECASE,
)
_NOT_AN_EMPLOYER = re.compile(r"^(?:a|an|the|we|our|my|i|this|it)\b", re.IGNORECASE)
_JOB_SIGNALS = re.compile(
    r"\b(?:hiring|vacanc(?:y|ies)|wanted|needed|recruit\w*|looking for|seeking|job title"
    r"|position|apply|send (?:your )?(?:cv|application)|cv to|salary|mshahara|tunatafuta"
    r"|nafasi ya kazi|nafasi za kazi|ajira|tuma (?:cv|maombi)|internship|kazi ya|consultancy"
    r"|terms of reference|proposals)\b",
    re.IGNORECASE,
)
_REMOTE_TITLE_NOTE = re.compile(r"\s*\((?:remote|hybrid|on[\s-]?site)\)", re.IGNORECASE)
_ANYWHERE_IN = re.compile(r"anywhere in (?P<country>[A-Z][a-z]+)")


@dataclass
class PasteReading:
    """What a paste says, field by field, and what kind of paste it is."""

    lines: list[str]
    is_job: bool
    roles: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)


def clean_lines(text: str) -> list[str]:
    """The paste's lines without emojis, banner rules and markdown stars."""
    lines = (" ".join(_DECORATION.sub(" ", line).split()) for line in text.splitlines())
    return [line.strip(" -–—|:•") if not line.startswith("-") else line for line in lines if line]


_EMOJI = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]"
_WRAPPED_IN_EMOJI = re.compile(rf"^\s*{_EMOJI}.*{_EMOJI}[\uFE0F\s]*$")


def emoji_banners(text: str) -> frozenset[str]:
    """Cleaned lines that were written between emojis, as banners are."""
    wrapped = [line for line in text.splitlines() if _WRAPPED_IN_EMOJI.match(line)]
    return frozenset(clean_lines("\n".join(wrapped)))


def _is_chrome(line: str) -> bool:
    bare = line.strip(" !.:-–")
    return (
        not re.search(r"[^\W\d_]", bare)
        or _FORWARD_HEADER.match(bare) is not None
        or _GREETING.match(bare) is not None
        or _BANNER.match(bare) is not None
        or is_generic_title(bare)
    )


def _title_from(line: str) -> tuple[str | None, str | None, str | None]:
    """(title, employer, place) a line names through a label or a hiring phrase."""
    label = _TITLE_LABEL.match(line)
    if label:
        title, _, company = label["title"].partition(" at ")
        return title, company or None, None
    for pattern in _TITLE_PHRASES:
        match = pattern.search(line)
        if match:
            groups = match.groupdict()
            return groups["title"], groups.get("company"), groups.get("place")
    return None, None, None


def _tidy_title(raw: str) -> str | None:
    title = _REMOTE_TITLE_NOTE.sub("", raw)
    at_split = re.split(r"\s+at\s+", title, maxsplit=1)
    title = at_split[0]
    place = find_place(title)
    if place and title.endswith(place) and len(title) > len(place) + 2:
        title = title[: -len(place)]
    cleaned = clean_title(title.strip(" ,.!"))
    if not cleaned or is_generic_title(cleaned):
        return None
    return cleaned[0].upper() + cleaned[1:]


def find_paste_title(
    lines: list[str], banners: frozenset[str] = frozenset()
) -> tuple[str | None, dict[str, str]]:
    """The job title, and the employer or place the same phrase names. Banners (lines
    wrapped in emojis, "🛠️ FUNDI WANTED 🛠️") name a title only when nothing else does."""
    found: dict[str, str] = {}
    for line in [line for line in lines if line not in banners] + list(banners):
        raw, company, place = _title_from(line)
        title = _tidy_title(raw) if raw else None
        if title:
            found.update({k: v.strip() for k, v in (("company", company), ("place", place)) if v})
            return title, found
    for line in lines:
        if not _is_chrome(line) and len(line) <= 80 and has_role_word(line):
            return _tidy_title(line), found
    lines = [line for line in lines if normalise_label(line) not in SECTION_BY_LABEL]
    first = next((line for line in lines if not _is_chrome(line) and len(line) <= 60), None)
    return (_tidy_title(first) if first else None), found


def _split_place(name: str) -> tuple[str, str | None]:
    """ "St. Mary's Hospital, Nyeri" -> ("St. Mary's Hospital", "Nyeri")."""
    head, comma, tail = name.rpartition(",")
    if comma and is_place(tail):
        return head.strip(), tail.strip()
    return name, None


def find_paste_employer(lines: list[str], hints: dict[str, str]) -> tuple[str | None, str | None]:
    """The employer, and a place written beside it."""
    for line in lines:
        label = _COMPANY_LABEL.match(line)
        if label:
            return _split_place(label["company"].strip())
    for line in lines:
        for pattern in _EMPLOYER_PHRASES:
            match = pattern.search(line)
            if match and is_place(match["company"].strip(" ,")):
                hints.setdefault("place", match["company"].strip(" ,"))
                continue
            if match and not _not_an_employer(match["company"]):
                company, place = _split_place(match["company"].strip(" ,"))
                groups = match.groupdict()
                return company, groups.get("place") or place
            if match and match.groupdict().get("place"):
                hints.setdefault("place", match["place"])
    named = hints.get("company")
    if named and is_place(named):
        hints.setdefault("place", named)
    elif named and not _not_an_employer(named):
        return _split_place(named)
    return _organisation_line(lines), None


def _not_an_employer(name: str) -> bool:
    return _NOT_AN_EMPLOYER.match(name) is not None or _GREETING.match(name) is not None


def _organisation_line(lines: list[str]) -> str | None:
    """A short "<Name> Hotel, <Place>" line naming an organisation."""
    for line in lines:
        if len(line) <= 60 and _ORGANISATION_WORDS.search(line) and "," in line:
            name, place = _split_place(line)
            if place and not _NOT_AN_EMPLOYER.match(name):
                return name
    return None


def find_paste_place(
    lines: list[str], hints: dict[str, str], remote: bool | None, company: str | None = None
) -> str | None:
    for line in lines:
        label = _LOCATION_LABEL.match(line)
        if label:
            return label["place"].strip()
    if remote:
        country = _ANYWHERE_IN.search(" ".join(lines))
        if country and country["country"].lower() in COUNTRY_WORDS:
            return f"Remote ({country['country']})"
    for candidate in (hints.get("place"), hints.get("beside")):
        if candidate:
            return find_place(candidate) or candidate
    body = "\n".join(line for line in lines if not _FORWARD_HEADER.match(line))
    # A place in the employer's name ("Kilifi Water Company") is not where the job is.
    return find_place(body.replace(company, " ") if company else body)


def is_job_ad(text: str) -> bool:
    """Enough signs of a job ad (hiring words, a salary, "send CV") and fewer of anything else."""
    job_signs = len({match.lower() for match in _JOB_SIGNALS.findall(text)})
    other_signs = len({match.lower() for match in NOT_JOB_SIGNALS.findall(text)})
    return job_signs > 0 and job_signs > other_signs


def read_paste(text: str) -> PasteReading:
    """A paste's verdict (a job, several roles, or no job) and the fields it states."""
    lines = clean_lines(text)
    # List markers (numbers, keycaps, emoji bullets) tell roles apart: read the raw lines.
    roles = listed_roles([line.strip() for line in text.splitlines()])
    if roles:
        return PasteReading(lines, is_job=True, roles=roles)
    if not is_job_ad(text):
        return PasteReading(lines, is_job=False)
    title, hints = find_paste_title(lines, emoji_banners(text))
    company, beside = find_paste_employer(lines, hints)
    if beside:
        hints["beside"] = beside
    remote = find_paste_remote(text)
    values: dict[str, object] = {
        "title": title,
        "company": company,
        "location": find_paste_place(lines, hints, remote, company),
        "remote": remote,
        "employment_type": find_paste_employment(lines),
        "salary": find_paste_salary(lines),
        "closing_date": find_paste_deadline(lines),
        "how_to_apply": find_paste_apply([ln for ln in lines if not _FORWARD_HEADER.match(ln)]),
    }
    return PasteReading(
        lines, is_job=True, values={k: v for k, v in values.items() if v is not None}
    )


def paste_as_html(lines: list[str], title: str | None) -> str:
    """The cleaned paste as a minimal page: its title as the heading, each line a paragraph."""
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f"<html><body><main>{heading}{body}</main></body></html>"


def parse_paste(text: str, reading: PasteReading) -> ParsedPosting:
    """The paste's own readings first; the page heuristics (sections, labels, description)
    fill what they leave empty. Every field found is HEURISTIC."""
    page = ParsedPage.from_html(paste_as_html(reading.lines, _text(reading, "title")))
    found = validated_job(reading.values)
    provenance = dict.fromkeys(found.model_fields_set, Source.HEURISTIC)
    data, provenance = apply_heuristics(page, found, provenance)
    if data.description is None:
        # A short ad is its own description.
        described = [line for line in reading.lines if not _is_chrome(line)]
        data = data.model_copy(update={"description": "\n".join(described)[:100_000] or None})
        provenance["description"] = Source.HEURISTIC
    return ParsedPosting(data, provenance, text, True, missing=missing_fields(data))


def _text(reading: PasteReading, name: str) -> str | None:
    value = reading.values.get(name)
    return value if isinstance(value, str) else None
