"""A draft profile from the text of a CV, without a model.

CVs written in Kenya mostly follow one shape: the name on top, contact lines, then
sections under headings (Experience, Education, Certifications, Skills, Languages,
Referees; in English or Kiswahili). Each section is read by simple rules; the user
checks every section before it is saved, so a wrong guess costs a correction only.
"""

import re
from typing import Any

from pydantic import ValidationError

from kazi.profiles.schemas import Profile

HEADINGS = {
    "summary": ("summary", "profile", "objective", "career objective", "about me", "muhtasari"),
    "work": ("experience", "work experience", "employment history", "professional experience",
             "work history", "uzoefu", "uzoefu wa kazi"),
    "education": ("education", "academic qualifications", "education background", "elimu"),
    "certificates": ("certifications", "certificates", "professional qualifications",
                     "certification", "vyeti"),
    "skills": ("skills", "key skills", "technical skills", "core skills", "ujuzi"),
    "languages": ("languages", "lugha"),
    "references": ("referees", "references", "wadhamini"),
}  # fmt: skip
_HEADING_OF = {name: section for section, names in HEADINGS.items() for name in names}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+254|0)[\s-]?\d{3}[\s-]?\d{3}[\s-]?\d{3}")
_YEAR = r"(?:19|20)\d{2}"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s+)?{_YEAR}|(?:0?[1-9]|1[0-2])/{_YEAR}"
_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:-|–|—|to|hadi)\s*(?P<end>{_DATE}|present|current|now|sasa)",
    re.IGNORECASE,
)
_MONTHS = {m: f"{i:02d}" for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip
_BULLET = re.compile(r"^\s*(?:[-•*▪◦●]|\d+[.)])\s*")
_NUMBER = re.compile(r"\b(?:no\.?|number|reg(?:istration)?\.?\s*no\.?)\s*[:#]?\s*(\S+)", re.I)


def _heading(line: str) -> str | None:
    key = line.strip().strip(":").strip().lower()
    return _HEADING_OF.get(key) if len(key) < 40 else None


def split_sections(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The lines before the first heading, and each section's lines (blank lines kept)."""
    top: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] = top
    for raw in text.splitlines():
        line = raw.strip()
        section = _heading(line) if line else None
        if section is not None:
            current = sections.setdefault(section, [])
            continue
        current.append(line)
    return top, sections


def partial_date(text: str) -> str | None:
    """ "Mar 2021" -> "2021-03", "03/2021" -> "2021-03", "2021" -> "2021"; else None."""
    text = text.strip().lower()
    year = re.search(_YEAR, text)
    if year is None:
        return None
    month = _MONTHS.get(text[:3]) or (f"{int(text.split('/')[0]):02d}" if "/" in text else None)
    return f"{year.group()}-{month}" if month else year.group()


def _blocks(lines: list[str]) -> list[list[str]]:
    """Entries: runs of lines split at blank lines, and where a plain line follows a
    bullet (PDF text often loses the blank lines between entries)."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        after_bullet = bool(blocks[-1]) and _BULLET.match(blocks[-1][-1]) is not None
        if not line or (after_bullet and not _BULLET.match(line)):
            blocks.append([])
        if line:
            blocks[-1].append(line)
    return [block for block in blocks if block]


def _bullets(lines: list[str]) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in lines if _BULLET.sub("", line).strip()]


def _dated(block: list[str]) -> tuple[str | None, str | None, list[str]]:
    """The block's date range (start, end) and its lines with the dates taken out."""
    for index, line in enumerate(block):
        found = _RANGE.search(line)
        if found:
            end = found.group("end")
            rest = (line[: found.start()] + line[found.end() :]).strip(" ,|-–—()")
            lines = [*block[:index], *([rest] if rest else []), *block[index + 1 :]]
            return partial_date(found.group("start")), partial_date(end), lines
    return None, None, block


def _pair(line: str) -> tuple[str, str | None]:
    """ "A, B" / "A at B" / "A - B" -> ("A", "B"); a line without a separator -> (line, None)."""
    for separator in (" at ", ", ", " - ", " – ", " — ", " | "):
        if separator in line:
            before, after = line.split(separator, 1)
            return before.strip(), after.strip()
    return line.strip(), None


def _split_role(line: str) -> tuple[str, str | None]:
    """ "Accountant, Twiga Foods" / "Accountant at Twiga Foods" -> (employer, position)."""
    position, employer = _pair(line)
    return (employer, position) if employer else (position, None)


def _work(lines: list[str]) -> list[dict[str, Any]]:
    entries = []
    for block in _blocks(lines):
        start, end, rest = _dated(block)
        heads = [line for line in rest if not _BULLET.match(line)]
        if not heads:
            continue
        employer, position = _split_role(heads[0])
        if position is None and len(heads) > 1:  # "Position" on one line, employer below
            employer, position = heads[1], heads[0]
        entries.append({
            "name": employer, "position": position, "start_date": start,
            "end_date": None if end is None or not end[:1].isdigit() else end,
            "highlights": _bullets([line for line in rest if _BULLET.match(line)]),
        })  # fmt: skip
    return entries


def _education(lines: list[str]) -> list[dict[str, Any]]:
    entries = []
    for block in _blocks(lines):
        start, end, rest = _dated(block)
        if not rest:
            continue
        institution, study_type = _pair(rest[0])
        if study_type is None and len(rest) > 1:
            study_type = rest[1]
        entries.append({"institution": institution, "study_type": study_type,
                        "start_date": start, "end_date": end})  # fmt: skip
    return entries


def _certificates(lines: list[str]) -> list[dict[str, Any]]:
    entries = []
    for line in _bullets([line for line in lines if line]):
        number = _NUMBER.search(line)
        text = line[: number.start()].strip(" ,;-–—(") if number else line
        name, issuer = _pair(text.replace(" by ", ", ").replace(" from ", ", "))
        entries.append({"name": name, "issuer": issuer,
                        "number": number.group(1).strip(").,") if number else None})  # fmt: skip
    return entries


def _items(lines: list[str]) -> list[str]:
    return [
        item.strip() for line in _bullets(lines) for item in re.split(r"[,;]", line) if item.strip()
    ]


def _languages(lines: list[str]) -> list[dict[str, Any]]:
    found = []
    for item in _items(lines):
        named = re.match(r"(.+?)\s*[(:–-]\s*([^)]+)\)?$", item)
        language, fluency = (named.group(1), named.group(2)) if named else (item, None)
        found.append({"language": language.strip(), "fluency": fluency})
    return found


def _references(lines: list[str]) -> list[dict[str, Any]]:
    return [
        {"name": block[0], "reference": ", ".join(block[1:]) or None} for block in _blocks(lines)
    ]


def _basics(top: list[str], text: str, summary: list[str]) -> dict[str, Any]:
    lines = [line for line in top if line]
    email, phone = _EMAIL.search(text), _PHONE.search(text)
    return {
        "name": lines[0] if lines else "",
        "email": email.group() if email else None,
        "phone": phone.group() if phone else None,
        "summary": " ".join(line for line in summary if line) or None,
    }


def draft_profile(text: str) -> Profile:
    """What the CV's text says, shaped as a profile; unreadable sections stay empty."""
    top, sections = split_sections(text)
    data = {
        "basics": _basics(top, text, sections.get("summary", [])),
        "work": _work(sections.get("work", [])),
        "education": _education(sections.get("education", [])),
        "certificates": _certificates(sections.get("certificates", [])),
        "skills": [{"name": item} for item in _items(sections.get("skills", []))],
        "languages": _languages(sections.get("languages", [])),
        "references": _references(sections.get("references", [])),
    }
    return Profile.model_validate(_valid_parts(data))


def _valid_parts(data: dict[str, Any]) -> dict[str, Any]:
    """Keeps what passes the profile's rules: a bad entry is dropped, not the whole CV."""
    kept: dict[str, Any] = {}
    for section, value in data.items():
        entries = value if isinstance(value, list) else [value]
        good = [entry for entry in entries if _passes(section, entry, isinstance(value, list))]
        if isinstance(value, list):
            kept[section] = good
        elif good:
            kept[section] = value
        else:  # basics: a malformed e-mail address should not cost the name
            kept[section] = {**value, "email": None, "phone": None}
    return kept


def _passes(section: str, entry: Any, listed: bool) -> bool:
    try:
        Profile.model_validate({section: [entry] if listed else entry})
    except ValidationError:
        return False
    return True
