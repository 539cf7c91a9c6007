"""A page's readable text as lines: headings, paragraphs and list items.

The walk skips page chrome (scripts, navigation, site header and footer,
forms, hidden blocks, "related jobs" and advert boxes) without descending into
it, so a large page costs little more than its main content.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from selectolax.lexbor import LexborHTMLParser

DEFAULT_MAX_CHARS = 40_000

_SCRIPTING_TAGS = {"script", "style", "noscript", "template", "head", "link", "meta", "title"}
_EMBEDDED_TAGS = {"svg", "math", "iframe", "object", "embed", "canvas", "img", "picture", "map"}
_MEDIA_TAGS = {"video", "audio", "dialog"}
_CONTROL_TAGS = {"button", "select", "option", "input", "textarea", "nav"}
_SKIPPED_TAGS = frozenset(_SCRIPTING_TAGS | _EMBEDDED_TAGS | _MEDIA_TAGS | _CONTROL_TAGS)
# Site-wide header/footer are chrome; inside an <article> or <main> they are content.
_SITE_CHROME_TAGS = frozenset({"header", "footer"})
_CONTENT_TAGS = frozenset({"article", "main"})
_SECTION_TAGS = {"address", "article", "aside", "main", "section", "header", "footer", "form"}
_FLOW_TAGS = {"blockquote", "center", "details", "div", "fieldset", "figure", "figcaption"}
_TEXT_BLOCK_TAGS = {"p", "pre", "hr", "legend", "summary", "h1", "h2", "h3", "h4", "h5", "h6"}
_LIST_TAGS = {"ul", "ol", "li", "dl", "dt", "dd"}
_TABLE_TAGS = {"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
_BLOCK_TAGS = frozenset(_SECTION_TAGS | _FLOW_TAGS | _TEXT_BLOCK_TAGS | _LIST_TAGS | _TABLE_TAGS)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CHROME_MARKERS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|cookies?|consent|advert|adverts|ads|ad|adsbygoogle"
    r"|sponsored|promo|share|social|newsletter|subscribe|related|similar|recommended|popup|modal)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
# Exact class or id names of site-wide bars (a "job-header" inside the content is not one).
_SITE_CHROME_NAMES = frozenset(
    {
        "header",
        "footer",
        "site-header",
        "site-footer",
        "masthead",
        "colophon",
        "topbar",
        "top-strip",
    }
)
# Elements that wrap page regions; only these are checked for chrome classes and hiding.
# (List items, links, headings and inline tags are not, which keeps the walk cheap.)
_REGION_TAGS = frozenset(
    {"div", "section", "aside", "ul", "ol", "dl", "table", "p", "span", "ins", "form"}
    | _SITE_CHROME_TAGS
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


class LineKind(StrEnum):
    HEADING = "heading"
    ITEM = "item"
    TEXT = "text"


@dataclass(frozen=True)
class TextLine:
    text: str
    kind: LineKind


@dataclass(frozen=True)
class PageLink:
    href: str
    text: str


@dataclass
class PageReading:
    """What the walk found: lines in reading order and the links among them."""

    lines: list[TextLine] = field(default_factory=list)
    links: list[PageLink] = field(default_factory=list)

    def text(self, max_chars: int = DEFAULT_MAX_CHARS) -> str:
        return render_lines(self.lines, max_chars)


def render_lines(lines: list[TextLine], max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Lines as plain text, list items as "- item", cut at a line boundary."""
    rendered: list[str] = []
    used = 0
    for line in lines:
        text = f"- {line.text}" if line.kind is LineKind.ITEM else line.text
        if used + len(text) + 1 > max_chars:
            break
        rendered.append(text)
        used += len(text) + 1
    return "\n".join(rendered)


class _LineBuilder:
    def __init__(self) -> None:
        self.reading = PageReading()
        self._parts: list[str] = []
        self._kinds: list[LineKind] = [LineKind.TEXT]

    def add_text(self, text: str) -> None:
        self._parts.append(text)

    def break_line(self) -> None:
        if not self._parts:
            return
        text = " ".join("".join(self._parts).split())
        self._parts.clear()
        if text:
            self.reading.lines.append(TextLine(text, self._kinds[-1]))

    def open_block(self, tag: str) -> None:
        self.break_line()
        if tag == "li":
            self._kinds.append(LineKind.ITEM)
        elif tag in _HEADING_TAGS:
            self._kinds.append(LineKind.HEADING)
        else:
            self._kinds.append(self._kinds[-1])

    def close_block(self) -> None:
        self.break_line()
        if len(self._kinds) > 1:
            self._kinds.pop()


def _is_chrome(node: Any, tag: str, in_content: bool) -> bool:
    if tag in _SITE_CHROME_TAGS and not in_content:
        return True
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if tag == "form" and node.css_first("h1, main, article") is None:
        return True
    if tag in ("body", "main", "article"):
        return False
    marker_text = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    if not marker_text.strip():
        return False
    if not in_content and _SITE_CHROME_NAMES.intersection(marker_text.lower().split()):
        return True
    return _CHROME_MARKERS.search(marker_text) is not None


def _record_link(node: Any, builder: _LineBuilder) -> None:
    href = node.attributes.get("href")
    if href:
        text = _SPACES.sub(" ", node.text()).strip()
        builder.reading.links.append(PageLink(href.strip(), text))


def read_node(root: Any, *, skip_chrome: bool = True) -> PageReading:
    """Walk an element's subtree into lines (iteratively: pages can nest deeply)."""
    builder = _LineBuilder()
    # Stack entries: (node, in_content) to enter, or (None, False) to close a block.
    stack: list[tuple[Any, bool]] = [(child, False) for child in _children(root)]
    while stack:
        node, in_content = stack.pop()
        if node is None:
            builder.close_block()
            continue
        tag = node.tag
        if tag == "-text":
            builder.add_text(node.text_content or "")
            continue
        # Comments, the doctype and similar nodes have no tag, or a "-name" one.
        if not isinstance(tag, str) or tag.startswith("-"):
            continue
        if tag in _SKIPPED_TAGS or (
            skip_chrome and tag in _REGION_TAGS and _is_chrome(node, tag, in_content)
        ):
            continue
        if tag == "br":
            builder.break_line()
            continue
        if tag == "a":
            _record_link(node, builder)
        child_in_content = in_content or tag in _CONTENT_TAGS
        if tag in _BLOCK_TAGS:
            builder.open_block(tag)
            stack.append((None, False))
        stack.extend((child, child_in_content) for child in _children(node))
    builder.break_line()
    return builder.reading


def _children(node: Any) -> list[Any]:
    children = list(node.iter(include_text=True))
    children.reverse()
    return children


def parse_html(html: str) -> LexborHTMLParser:
    # With scripting on, <noscript> stays one text node and cannot break <head> apart.
    return LexborHTMLParser(html, scripting=True)


def read_page(tree: LexborHTMLParser) -> PageReading:
    body = tree.body
    return read_node(body) if body is not None else PageReading()


@dataclass(frozen=True)
class ParsedPage:
    """A page parsed once and read once, shared by every extraction step."""

    tree: LexborHTMLParser
    reading: PageReading
    url: str | None

    @classmethod
    def from_html(cls, html: str, url: str | None = None) -> "ParsedPage":
        tree = parse_html(html)
        return cls(tree=tree, reading=read_page(tree), url=url)


def readable_text(html: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The readable main text of a page, bounded to max_chars."""
    return read_page(parse_html(html)).text(max_chars)


def fragment_lines(fragment_html: str) -> list[TextLine]:
    """Lines of an HTML fragment such as a posting description; nothing is chrome here."""
    tree = parse_html(f"<body>{fragment_html}</body>")
    return read_node(tree.body, skip_chrome=False).lines if tree.body is not None else []
