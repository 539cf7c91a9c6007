"""Built-in extraction for pages without structured data: labels, headings, patterns.

Deterministic and cheap. It fills only fields still empty and marks them
HEURISTIC; a later LLM step may fill what remains.
"""

import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from kazi.jobs.apply_links import find_how_to_apply
from kazi.jobs.labels import (
    FIELD_BY_LABEL,
    LANGUAGE_STOPWORDS,
    ON_SITE_WORDS,
    REMOTE_WORDS,
    SECTION_BY_LABEL,
    normalise_label,
)
from kazi.jobs.posting import JobData, Source
from kazi.jobs.readable import LineKind, ParsedPage, TextLine, read_node, render_lines
from kazi.jobs.structured import (
    DESCRIPTION_LIMIT,
    ITEM_LIMIT,
    MAX_ITEMS,
    SHORT_TEXT_LIMIT,
    validated_job,
)
from kazi.jobs.titles import (
    clean_title,
    company_from_ats,
    company_from_parts,
    is_generic_title,
    is_usable_company,
    logo_name,
    pick_title,
    title_parts,
)
from kazi.jobs.values import employment_type_from, find_date, find_salary, rupee_currency
from kazi.jobs.workplace import employment_from_lines, remote_from_text, tidy_location

_MAX_LABEL_CHARS = 41
_LABEL_VALUE = re.compile(r"^(?P<label>[^:：]{2,40})[:：]\s*(?P<value>\S.*)$")
_BULLET = re.compile(r"^(?:[-•*·▪●◦–]|\d{1,2}[.)])\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+")
_AT_COMPANY = re.compile(r"^(?P<title>.{3,120}?)\s+(?:at|katika|chez)\s+(?P<company>.{2,120})$")
_SALARY_HINT = re.compile(r"salary|mshahara|salaire|remuneration|rémunération|\bpay\b", re.I)
_DEADLINE_HINT = re.compile(
    r"deadline|closing|apply by|before|not later than|mwisho|date limite|avant le", re.I
)
_DESCRIPTION_SELECTORS = (
    "[itemprop=description]",
    "#job-description",
    ".job-description",
    "[class*=job-description]",
    "[class*=job-details]",
    "[class*=description]",
    "article",
    "main",
)
_MAX_SECTION_LINES = 60
_MAX_LOGO_CANDIDATES = 40
_MAX_PROSE_ITEMS = 3
_RUPEE_HINT = re.compile(r"\b(?:rs\.?|rupees?)\s*\d", re.IGNORECASE)
# A copyright line belongs to the site footer, so no section runs past it.
_COPYRIGHT_LINE = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)


def _clip(text: str | None, limit: int = SHORT_TEXT_LIMIT) -> str | None:
    text = " ".join(text.split()) if text else ""
    return text[:limit] or None


def _meta(page: ParsedPage, key: str) -> str | None:
    node = page.tree.css_first(f'meta[property="{key}"], meta[name="{key}"]')
    return _clip(node.attributes.get("content")) if node is not None else None


def label_values(lines: list[TextLine]) -> dict[str, str]:
    """Values of "Label: value" rows, or a label line followed by its value line."""
    found: dict[str, str] = {}
    for index in range(len(lines)):
        field_name, value = _label_row(lines, index)
        if field_name and value and field_name not in found:
            found[field_name] = value
    return found


def _label_row(lines: list[TextLine], index: int) -> tuple[str | None, str]:
    text = lines[index].text
    if ":" in text[:_MAX_LABEL_CHARS] or "：" in text[:_MAX_LABEL_CHARS]:
        match = _LABEL_VALUE.match(text)
        if match:
            return FIELD_BY_LABEL.get(normalise_label(match["label"])), match["value"]
    if len(text) > _MAX_LABEL_CHARS:
        return None, ""
    field_name = FIELD_BY_LABEL.get(normalise_label(text))
    if field_name is None or index + 1 >= len(lines):
        return None, ""
    value = lines[index + 1].text
    # A label followed by another label has no value of its own.
    return (None, "") if FIELD_BY_LABEL.get(normalise_label(value)) else (field_name, value)


def _section_of(line: TextLine) -> str | None:
    if len(line.text) > 60:
        return None
    return SECTION_BY_LABEL.get(normalise_label(line.text))


def _ends_section(line: TextLine, section_so_far: list[TextLine]) -> bool:
    if line.kind is LineKind.HEADING or _section_of(line) is not None:
        return True
    if _COPYRIGHT_LINE.match(line.text) or len(section_so_far) >= _MAX_SECTION_LINES:
        return True
    # A short "...:" line before any list is the list's lead-in; after a list it heads the next.
    has_items = any(_is_list_line(previous) for previous in section_so_far)
    return has_items and len(line.text) <= 60 and line.text.endswith(":")


def _is_list_line(line: TextLine) -> bool:
    return line.kind is LineKind.ITEM or _BULLET.match(line.text) is not None


def section_lines(lines: list[TextLine]) -> dict[str, list[TextLine]]:
    """The lines under each recognised section heading, up to the next heading."""
    sections: dict[str, list[TextLine]] = {}
    current: list[TextLine] | None = None
    for line in lines:
        name = _section_of(line)
        if name is not None:
            current = [] if name not in sections else None
            if current is not None:
                sections[name] = current
            continue
        if current is None:
            continue
        if _ends_section(line, current):
            current = None
            continue
        current.append(line)
    return sections


def list_items(section: list[TextLine]) -> list[str]:
    """The list entries in a section: <li> lines, or lines starting with a bullet or number."""
    items: list[str] = []
    for line in section:
        if line.kind is LineKind.ITEM:
            items.append(line.text)
        elif _BULLET.match(line.text):
            items.append(_BULLET.sub("", line.text))
        elif items:
            break
    if not items:
        # A section written as a line or two of text ("Job Skills: Sales Communication").
        items = [line.text for line in section[:_MAX_PROSE_ITEMS] if line.kind is LineKind.TEXT]
    cleaned = [" ".join(item.split())[:ITEM_LIMIT] for item in items if item.strip()]
    return list(dict.fromkeys(cleaned))[:MAX_ITEMS]


def _texts(page: ParsedPage, selector: str) -> list[str]:
    return [text for text in (_clip(node.text()) for node in page.tree.css(selector)) if text]


def _document_titles(page: ParsedPage) -> list[str]:
    titles = [_meta(page, "og:title"), _document_title(page)]
    return [title for title in titles if title]


def find_title(page: ParsedPage, labels: dict[str, str]) -> str | None:
    """A labelled title, else the heading the document title repeats, else the <h1>;
    decorated og:title and <title> only as fallbacks."""
    main, other, document = _texts(page, "h1"), _texts(page, "h2, h3"), _document_titles(page)
    repeated = pick_title(main + other, [], document, require_repeat=True)
    label = labels.get("title")
    if repeated or not label or is_generic_title(label):
        return repeated or pick_title(main, other, document)
    return clean_title(label)


def _document_title(page: ParsedPage) -> str | None:
    node = page.tree.css_first("title")
    return _clip(node.text()) if node is not None else None


def _logo_alts(page: ParsedPage) -> list[str]:
    """Alt texts of images that look like the site's logo: marked as one, or linking home."""
    selector = 'header img[alt], img[alt*="logo" i], img[class*="logo" i], a img[alt]'
    alts = []
    for node in page.tree.css(selector)[:_MAX_LOGO_CANDIDATES]:
        link = node.parent if node.parent is not None and node.parent.tag == "a" else None
        home = link is not None and urlsplit(link.attributes.get("href") or "x").path in ("", "/")
        marked = "logo" in f"{node.attributes.get('alt')} {node.attributes.get('class')}".lower()
        if home or marked or node.css_matches("header img"):
            alts.append(node.attributes.get("alt") or "")
    return alts


def find_company(page: ParsedPage, labels: dict[str, str]) -> str | None:
    """Labelled employer, og:site_name, the document title beside the job, the logo's alt
    text, or the applicant-tracking system's address, in that order."""
    if is_usable_company(labels.get("company")):
        return _clip(labels["company"])
    site_name = _meta(page, "og:site_name")
    site_parts = title_parts(site_name) if site_name else []
    logo = logo_name(_logo_alts(page))
    if site_parts and is_usable_company(site_parts[0]):
        return _brand(site_parts[0], logo)
    job_title = find_title(page, labels)
    for document_title in _document_titles(page):
        beside = company_from_parts(document_title, job_title)
        if is_usable_company(beside):
            assert beside is not None
            return _brand(beside, logo)
    return logo or company_from_ats(page.url)


def _brand(name: str, logo: str | None) -> str:
    """A logo naming the brand alone ("Acme" for "Acme Dev Team") is the cleaner name."""
    return logo if logo and name.lower().startswith(logo.lower()) else name


def find_remote(labels: dict[str, str], text: str = "") -> bool | None:
    """Labels first ("Work mode: Remote"), then what the page's text states."""
    for key in ("remote", "location", "employment_type"):
        value = labels.get(key, "")
        if REMOTE_WORDS.search(value):
            return True
        if key == "remote" and ON_SITE_WORDS.search(value):
            return False
    return remote_from_text(text)


def _first_in_hinted_lines(
    lines: list[TextLine], hint: re.Pattern[str], reader: Callable[[str], Any]
) -> Any:
    for line in lines:
        if hint.search(line.text):
            value = reader(line.text)
            if value is not None:
                return value
    return None


def find_description(page: ParsedPage) -> str | None:
    for selector in _DESCRIPTION_SELECTORS:
        node = page.tree.css_first(selector)
        if node is not None:
            text = render_lines(read_node(node).lines, DESCRIPTION_LIMIT)
            if len(text) >= 200:
                return text
    # No block holds the posting: its readable text is the description.
    text = page.reading.text(DESCRIPTION_LIMIT)
    return text if len(text) >= 200 else None


def find_language(page: ParsedPage) -> str | None:
    html_node = page.tree.css_first("html")
    declared = html_node.attributes.get("lang") if html_node is not None else None
    if declared and declared.strip():
        return declared.strip()[:35]
    words = re.findall(r"[a-zà-ÿ']+", page.reading.text(5_000).lower())
    counts = {
        code: sum(word in stop for word in words) for code, stop in LANGUAGE_STOPWORDS.items()
    }
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] >= 5 else None


class _PageFacts:
    """Label rows and sections, read from the page's lines only when a finder asks."""

    def __init__(self, page: ParsedPage) -> None:
        self.page = page
        self.lines = page.reading.lines

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        return label_values(self.lines)

    @functools.cached_property
    def sections(self) -> dict[str, list[TextLine]]:
        return section_lines(self.lines)

    @functools.cached_property
    def rupee(self) -> str | None:
        return rupee_currency(self.page.reading.text())

    def _salary_in(self, text: str) -> Any:
        return find_salary(text, self.rupee if _RUPEE_HINT.search(text) else None)

    def salary(self) -> Any:
        text = self.labels.get("salary")
        return (
            self._salary_in(text)
            if text
            else _first_in_hinted_lines(self.lines, _SALARY_HINT, self._salary_in)
        )

    def closing_date(self) -> Any:
        text = self.labels.get("closing_date")
        return (
            find_date(text)
            if text
            else _first_in_hinted_lines(self.lines, _DEADLINE_HINT, find_date)
        )


_FINDERS: dict[str, Callable[[_PageFacts], Any]] = {
    "title": lambda facts: find_title(facts.page, facts.labels),
    "company": lambda facts: find_company(facts.page, facts.labels),
    "location": lambda facts: _clip(tidy_location(facts.labels.get("location", ""))),
    "remote": lambda facts: find_remote(facts.labels, facts.page.reading.text()),
    "employment_type": lambda facts: (
        employment_type_from(facts.labels.get("employment_type", ""))
        or employment_from_lines(facts.lines)
    ),
    "salary": _PageFacts.salary,
    "date_posted": lambda facts: find_date(facts.labels.get("date_posted", "")),
    "closing_date": _PageFacts.closing_date,
    "how_to_apply": lambda facts: find_how_to_apply(
        facts.page, facts.sections.get("how_to_apply", [])
    ),
    "description": lambda facts: find_description(facts.page),
    "responsibilities": lambda facts: list_items(facts.sections.get("responsibilities", [])),
    "requirements": lambda facts: list_items(facts.sections.get("requirements", [])),
    "skills": lambda facts: list_items(facts.sections.get("skills", [])),
    "benefits": lambda facts: list_items(facts.sections.get("benefits", [])),
    "language": lambda facts: find_language(facts.page),
}


def heuristic_values(page: ParsedPage, wanted: set[str] | None = None) -> dict[str, Any]:
    """The fields (all, or those wanted) that the page yields by rule, empty ones left out."""
    facts = _PageFacts(page)
    found: dict[str, Any] = {}
    for name, finder in _FINDERS.items():
        if wanted is None or name in wanted:
            value = finder(facts)
            if not _is_empty(value):
                found[name] = value
    return found


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def apply_heuristics(
    page: ParsedPage, data: JobData, provenance: dict[str, Source]
) -> tuple[JobData, dict[str, Source]]:
    """Fill the fields data leaves empty; filled fields and their provenance stay."""
    current = data.model_dump()
    missing = {name for name, value in current.items() if _is_empty(value)}
    if not missing:
        return data, dict(provenance)
    found = heuristic_values(page, missing)
    merged = validated_job({**current, **found})
    merged_provenance = dict(provenance)
    for name in found:
        if not _is_empty(getattr(merged, name)):
            merged_provenance[name] = Source.HEURISTIC
    return merged, merged_provenance
