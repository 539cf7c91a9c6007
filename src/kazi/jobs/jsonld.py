"""Lenient reading of JSON-LD blocks, and the node graph they describe.

Job boards' JSON-LD is often not valid JSON: raw newlines inside strings,
JavaScript escapes (\\' and \\x41), single-quoted strings, comments, trailing
commas, or a whole block HTML-escaped. Strict parsing is tried first (it is
fast and right for most pages); repair runs only when it fails: first the
JavaScript-flavoured forms below, then the json-repair library (stray text
after the object, unescaped quotes inside strings, missing brackets), and for
a JobPosting block beyond both, its plain "key": "value" pairs one by one.
"""

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import json_repair
from selectolax.lexbor import LexborHTMLParser

JsonNode = dict[str, Any]

# Pass one: strings (to normalise their quotes and escapes) and comments (to drop).
_STRING_OR_COMMENT = re.compile(
    r"""
      (?P<dq>"(?:[^"\\]|\\.)*")
    | (?P<sq>'(?:[^'\\]|\\.)*')
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    """,
    re.DOTALL | re.VERBOSE,
)
# Pass two, on comment-free text: skip strings, drop trailing commas, quote bare keys.
_STRUCTURE = re.compile(
    r"""
      (?P<string>"(?:[^"\\]|\\.)*")
    | (?P<trailing>,(?=\s*[}\]]))
    | (?<=[{,])(?P<key>\s*[A-Za-z_$][\w$]*)(?=\s*:)
    """,
    re.DOTALL | re.VERBOSE,
)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL)
_VALID_SIMPLE_ESCAPES = frozenset('"\\/bfnrt')
# A key written with a capital ("Title", "Value") where schema.org spells it in camelCase.
_CAPITALISED_KEY = re.compile(r'"[A-Z][A-Za-z]*"\s*:')
# A "key": "string" or "key": number pair, for salvage from a block beyond repair.
_FLAT_PAIR = re.compile(
    r'"(?P<key>@?[A-Za-z]+)"\s*:\s*(?:"(?P<text>(?:[^"\\]|\\.)*)"|(?P<number>-?\d+(?:\.\d+)?))'
)
_OPENING_WRAPPERS = ("<!--", "//<![CDATA[", "<![CDATA[")
_CLOSING_WRAPPERS = ("-->", "//]]>", "]]>")


def _fix_escape(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape[0] == "x" and len(escape) == 3:
        return "\\u00" + escape[1:]
    if escape[0] == "u" and len(escape) == 5:
        return match.group(0)
    if escape in _VALID_SIMPLE_ESCAPES:
        return match.group(0)
    if escape == "\n":
        return ""  # A JavaScript line continuation.
    # An escape JSON does not know (\' or \-) stands for the character itself.
    return json.dumps(escape)[1:-1]


def _fix_string_body(body: str) -> str:
    return _ESCAPE.sub(_fix_escape, body)


def _repair_string_or_comment(match: re.Match[str]) -> str:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "dq":
        return '"' + _fix_string_body(text[1:-1]) + '"'
    if kind == "sq":
        body = re.sub(r'(?<!\\)((?:\\\\)*)"', r'\1\\"', text[1:-1])
        return '"' + _fix_string_body(body) + '"'
    return ""


def _repair_structure(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "string":
        return match.group(0)
    if kind == "key":
        return '"' + match.group(0).strip() + '"'
    return ""


def repair_json(text: str) -> str:
    """Rewrite JavaScript-flavoured JSON into JSON; string contents keep their meaning."""
    without_comments = _STRING_OR_COMMENT.sub(_repair_string_or_comment, text)
    return _STRUCTURE.sub(_repair_structure, without_comments)


def _strip_wrappers(text: str) -> str:
    """Drop the comment or CDATA wrapping old templates put around script content."""
    cleaned = text.strip()
    for opening in _OPENING_WRAPPERS:
        if cleaned.startswith(opening):
            cleaned = cleaned[len(opening) :].lstrip()
    for closing in _CLOSING_WRAPPERS:
        if cleaned.endswith(closing):
            cleaned = cleaned[: -len(closing)].rstrip()
    return cleaned


def load_lenient_json(text: str) -> Any | None:
    """Parse a JSON-LD block as well as can be done; None if it is beyond repair."""
    cleaned = _strip_wrappers(text)
    if not cleaned:
        return None
    if "&quot;" in cleaned and '"' not in cleaned:
        cleaned = html.unescape(cleaned)
    parsed = _loads(cleaned)
    if parsed is None:
        repaired = repair_json(cleaned)
        parsed = _loads(repaired)
        if parsed is None:
            # Several objects in one block, side by side, read as an array.
            parsed = _loads(f"[{repaired}]")
    if parsed is None:
        parsed = _library_repair(cleaned)
    if parsed is None and "JobPosting" in cleaned:
        parsed = salvage_pairs(cleaned)
    if parsed is not None and _CAPITALISED_KEY.search(cleaned):
        parsed = camel_case_keys(parsed)
    return parsed


def _library_repair(text: str) -> Any | None:
    """json-repair's reading of the block, kept only when it is an object or a list."""
    try:
        repaired = json_repair.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(repaired, dict) and repaired:
        return repaired
    if isinstance(repaired, list) and any(isinstance(item, dict) for item in repaired):
        return repaired
    return None


def salvage_pairs(text: str) -> JsonNode | None:
    """The readable "key": value pairs of a broken block, first of each key, as one node."""
    node: JsonNode = {}
    for match in _FLAT_PAIR.finditer(text):
        key = match["key"]
        if key in node:
            continue
        if match["number"] is not None:
            node[key] = match["number"]
        else:
            node[key] = _loads(f'"{_fix_string_body(match["text"])}"') or match["text"]
    if "JobPosting" not in str(node.get("@type", "")):
        return None
    return node


def camel_case_keys(value: Any) -> Any:
    """A copy with "Title"-style keys spelled "title" (keys starting with @ stay as they are)."""
    if isinstance(value, dict):
        return {_camel(key): camel_case_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [camel_case_keys(item) for item in value]
    return value


def _camel(key: Any) -> Any:
    if isinstance(key, str) and key[:1].isupper() and not key.isupper():
        return key[0].lower() + key[1:]
    return key


def _loads(text: str) -> Any | None:
    try:
        # strict=False admits raw control characters (newlines, tabs) inside strings.
        return json.loads(text, strict=False)
    except ValueError:
        return None


def script_blocks(tree: LexborHTMLParser) -> list[str]:
    """The texts of a page's <script type="application/ld+json"> elements."""
    blocks: list[str] = []
    for script in tree.css("script[type]"):
        script_type = (script.attributes.get("type") or "").lower()
        if "ld+json" in script_type:
            blocks.append(script.text() or "")
    return blocks


def type_names(node: JsonNode) -> set[str]:
    """A node's @type values without their vocabulary prefix ("schema:JobPosting")."""
    raw = node.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    short = set()
    for name in names:
        if isinstance(name, str):
            short.add(re.sub(r"^(?:https?://schema\.org/|schema:)", "", name.strip()))
    return short


def walk_nodes(value: Any) -> Iterator[JsonNode]:
    """Every object in a JSON document, depth first."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            stack.extend(reversed(current))


class NodeGraph:
    """All nodes of a page's JSON-LD, with @id references resolvable."""

    def __init__(self, documents: list[Any]) -> None:
        self.nodes: list[JsonNode] = [
            node for document in documents for node in walk_nodes(document)
        ]
        self._by_id: dict[str, JsonNode] = {}
        for node in self.nodes:
            node_id = node.get("@id")
            # A bare {"@id": ...} is a reference, not the definition.
            if isinstance(node_id, str) and len(node) > 1:
                self._by_id.setdefault(node_id, node)

    def resolve(self, value: Any) -> Any:
        """A reference node replaced by the node it names; anything else unchanged."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self._by_id.get(str(value["@id"]), value)
        return value

    def of_type(self, type_name: str) -> list[JsonNode]:
        return [node for node in self.nodes if type_name in type_names(node)]


def read_graph(tree: LexborHTMLParser) -> NodeGraph:
    documents = [load_lenient_json(block) for block in script_blocks(tree)]
    return NodeGraph([document for document in documents if document is not None])
