"""Turning one fetched page into posting fields, without a model.

Structured data is trusted first; heuristics fill only what it left empty.
Pages that are not a single posting (a list of jobs, a sign-in wall, an
empty or unrendered page, or no job at all: a scholarship, "no openings")
are recognised and reported with a reason instead of fields.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from kazi.jobs.heuristics import apply_heuristics, find_title, label_values, section_lines
from kazi.jobs.posting import JOB_FIELDS, JobData, Source
from kazi.jobs.readable import LineKind, ParsedPage, TextLine
from kazi.jobs.structured import StructuredResult, extract_structured
from kazi.jobs.titles import has_role_word, is_generic_title, title_parts
from kazi.jobs.verdicts import (
    announces_several,
    is_unfilled_template,
    not_a_job_title,
    repeats_like_a_listing,
)

MIN_POSTING_CHARS = 150
# Running text (not lists or headings) a posting with no known section has at the least.
MIN_PROSE_CHARS = 300
_WHOLE_PAGE_CHARS = 10_000_000
LOGIN_WALL_MAX_CHARS = 2_000
LISTING_MIN_JOB_LINKS = 6

_JOB_LINK_PATH = re.compile(
    r"/(?:jobs?|listings?|vacanc(?:y|ies)|careers?|positions?|openings?|kazi|emplois?|offres?)"
    r"/[^/?#]+",
    re.IGNORECASE,
)
_LOGIN_PHRASES = re.compile(
    r"(?:sign|log)\s?in to (?:continue|view|apply|see)|please (?:sign|log)\s?in"
    r"|create an account to|ingia ili|connectez-vous pour",
    re.IGNORECASE,
)


class NotPostingReason(StrEnum):
    LISTING = "listing"
    LOGIN_WALL = "login_wall"
    EMPTY = "empty"
    NOT_A_JOB = "not_a_job"


class NotAPostingError(Exception):
    """The page is not a single job posting; reason says what it is instead."""

    code = "not_a_posting"

    def __init__(self, reason: NotPostingReason) -> None:
        self.reason = reason
        super().__init__(f"{self.code}: {reason.value}")


@dataclass(frozen=True)
class ParsedPosting:
    data: JobData
    provenance: dict[str, Source]
    readable_text: str
    is_posting: bool
    reason: NotPostingReason | None = None
    missing: list[str] = field(default_factory=list)

    def require_posting(self) -> "ParsedPosting":
        """Return self, or raise NotAPostingError for a page that is not a posting."""
        if self.reason is not None:
            raise NotAPostingError(self.reason)
        return self


def missing_fields(data: JobData) -> list[str]:
    """Fields still empty, in JobData order: what a later model step may fill."""
    return [name for name in JOB_FIELDS if getattr(data, name) in (None, [], "")]


def _job_link_count(page: ParsedPage) -> int:
    hrefs = {
        urlsplit(link.href).path.rstrip("/")
        for link in page.reading.links
        if _JOB_LINK_PATH.search(urlsplit(link.href).path)
    }
    return len(hrefs)


def _looks_like_login_wall(page: ParsedPage, text: str) -> bool:
    if len(text) > LOGIN_WALL_MAX_CHARS:
        return False
    has_password = page.tree.css_first('input[type="password" i]') is not None
    return has_password or _LOGIN_PHRASES.search(text) is not None


def _main_headings(page: ParsedPage) -> list[str]:
    """The page's <h1> texts and the first part of its document title."""
    headings = [node.text(strip=True) for node in page.tree.css("h1")]
    title_node = page.tree.css_first("title")
    parts = title_parts(title_node.text()) if title_node is not None else []
    return [heading for heading in [*headings, *parts[:1]] if heading]


def _names_one_job(headings: list[str]) -> bool:
    """The first heading names a job ("Stores Clerk"), not a section or the site."""
    return bool(headings) and has_role_word(headings[0]) and not is_generic_title(headings[0])


def not_posting_reason(
    page: ParsedPage, structured: StructuredResult, text: str
) -> NotPostingReason | None:
    """Why this page is not one posting, or None when it is one."""
    lines = page.reading.lines
    headings = _main_headings(page)
    title = structured.data.title or find_title(page, label_values(lines))
    if not_a_job_title(title) or any(not_a_job_title(heading) for heading in headings):
        return NotPostingReason.NOT_A_JOB
    if structured.posting_count == 1:
        return None
    if structured.posting_count > 1 or structured.item_list_count > 0:
        return NotPostingReason.LISTING
    posting_sections = section_lines(lines)
    if len(posting_sections) < 2 and _looks_like_login_wall(page, text):
        return NotPostingReason.LOGIN_WALL
    shell = _is_app_shell(page)
    if len(text) < MIN_POSTING_CHARS and not shell:
        return NotPostingReason.EMPTY
    if len(posting_sections) < 2 and is_unfilled_template(lines):
        return NotPostingReason.EMPTY
    if not posting_sections and not shell and _prose_chars(lines) < MIN_PROSE_CHARS:
        return NotPostingReason.EMPTY
    if announces_several(headings) or repeats_like_a_listing(lines):
        return NotPostingReason.LISTING
    many_links = _job_link_count(page) >= LISTING_MIN_JOB_LINKS
    if many_links and len(posting_sections) < 2 and not _names_one_job(headings):
        return NotPostingReason.LISTING
    return None


def describes_another_job(page: ParsedPage, structured: StructuredResult) -> bool:
    """Structured data naming a job the page never shows, while its heading names another
    (a theme's demo data left in place, a copy of another posting): not this page's data."""
    title = structured.data.title
    if structured.posting_count != 1 or not title:
        return False
    headings = [node.text(strip=True) for node in page.tree.css("h1")]
    if not _names_one_job(headings) or title.lower() in headings[0].lower():
        return False
    return title.lower() not in page.reading.text(_WHOLE_PAGE_CHARS).lower()


def _prose_chars(lines: list[TextLine]) -> int:
    return sum(len(line.text) for line in lines if line.kind is LineKind.TEXT)


def _is_app_shell(page: ParsedPage) -> bool:
    """A page served without its script-drawn body whose title still names job and employer
    ("Health and Safety Manager - Acme"), unlike a redirect stub."""
    if page.tree.css_first('meta[http-equiv="refresh" i]') is not None:
        return False
    title_node = page.tree.css_first("title")
    parts = title_parts(title_node.text()) if title_node is not None else []
    return len(parts) >= 2 and _names_one_job(parts)


def parse_posting(html: str, url: str | None) -> ParsedPosting:
    """Extract a posting from a page: structured data, then heuristics, plus readable text."""
    page = ParsedPage.from_html(html, url)
    structured = extract_structured(page.tree)
    if describes_another_job(page, structured):
        structured = StructuredResult()
    text = page.reading.text()
    reason = not_posting_reason(page, structured, text)
    if reason is not None:
        return ParsedPosting(
            data=JobData(),
            provenance={},
            readable_text=text,
            is_posting=False,
            reason=reason,
            missing=list(JOB_FIELDS),
        )
    data, provenance = apply_heuristics(page, structured.data, structured.provenance)
    return ParsedPosting(
        data=data,
        provenance=provenance,
        readable_text=text,
        is_posting=True,
        missing=missing_fields(data),
    )
