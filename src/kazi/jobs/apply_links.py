"""Where a page says to apply: the link in its application box, a link worded "Apply",
a "here" link in a sentence about applying, or an e-mail address.

Links to elsewhere on the same page ("#apply"), to other articles ("How to apply for
X scholarships") and to the page itself are not ways to apply.
"""

import re
from typing import Any
from urllib.parse import urldefrag, urljoin

from kazi.jobs.labels import APPLY_LINK_WORDS
from kazi.jobs.posting import HowToApply
from kazi.jobs.readable import ParsedPage, TextLine, render_lines

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_APPLY_BOXES = (
    '[class*="application_details" i] a[href], [class*="apply-link" i] a[href], '
    '[class*="job_application" i] a[href], [id*="apply" i] a[href], '
    '[class*="apply-button" i] a[href], a[class*="apply" i][href]'
)
_BARE_LINK_TEXT = re.compile(r"^(?:here|click here|this link|link|apply|online)\W*$", re.I)
_APPLY_SENTENCE = re.compile(r"\b(?:apply|application|submit|postuler|tuma)", re.I)
_NOT_AN_APPLY_LINK = re.compile(r"^how to\b|\bscholarships?\b", re.I)


def _usable(href: str, page_url: str | None) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    url = urljoin(page_url or "", href)
    if not url.lower().startswith(("http://", "https://")):
        return None
    if page_url and urldefrag(url)[0] == urldefrag(page_url)[0]:
        return None
    return url


def _text(node: Any) -> str:
    return " ".join((node.text() or "").split())


def _boxed_link(page: ParsedPage) -> str | None:
    for node in page.tree.css(_APPLY_BOXES):
        url = _usable(node.attributes.get("href") or "", page.url)
        if url:
            return url
    return None


def _here_link(page: ParsedPage) -> str | None:
    """A "here" or "click here" link inside a sentence about applying."""
    for node in page.tree.css("a[href]"):
        if not _BARE_LINK_TEXT.match(_text(node)) or node.parent is None:
            continue
        if _APPLY_SENTENCE.search(_text(node.parent)):
            url = _usable(node.attributes.get("href") or "", page.url)
            if url:
                return url
    return None


def _worded_link(page: ParsedPage) -> str | None:
    for link in page.reading.links:
        if APPLY_LINK_WORDS.search(link.text) and not _NOT_AN_APPLY_LINK.search(link.text):
            url = _usable(link.href, page.url)
            if url:
                return url
    return None


def apply_url(page: ParsedPage) -> str | None:
    return _boxed_link(page) or _here_link(page) or _worded_link(page)


def find_how_to_apply(page: ParsedPage, section: list[TextLine]) -> HowToApply | None:
    """The apply link, e-mail and instructions (the page's "How to apply" section)."""
    instructions = render_lines(section, 5_000) or None
    emails = EMAIL.findall(instructions or "")
    if not emails:
        mailtos = [
            link.href for link in page.reading.links if link.href.lower().startswith("mailto:")
        ]
        emails = [mailtos[0][7:].split("?", 1)[0].strip()] if mailtos else []
    url = apply_url(page)
    if not (instructions or emails or url):
        return None
    return HowToApply(url=url, email=emails[0] if emails else None, instructions=instructions)
