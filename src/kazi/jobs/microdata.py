"""schema.org microdata (itemscope / itemprop) read into JSON-LD shaped dicts.

Producing the same shape as JSON-LD lets one mapping serve both. Text
properties keep their inner HTML so lists in a description survive.
"""

from typing import Any

from selectolax.lexbor import LexborHTMLParser

from kazi.jobs.jsonld import JsonNode

_URL_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "img": "src", "source": "src"}
_MAX_DEPTH = 8


def _property_value(element: Any, depth: int) -> Any:
    attributes = element.attributes
    if "itemscope" in attributes:
        return _item(element, depth + 1)
    tag = element.tag
    if "content" in attributes:
        return attributes["content"] or ""
    if tag in _URL_ATTRIBUTES:
        return attributes.get(_URL_ATTRIBUTES[tag]) or ""
    if tag == "time" and attributes.get("datetime"):
        return attributes["datetime"]
    if tag in ("data", "meter") and attributes.get("value") is not None:
        return attributes["value"]
    return element.inner_html or ""


def _owner_scope(element: Any) -> Any:
    """The nearest itemscope element above this one."""
    parent = element.parent
    while parent is not None and "itemscope" not in (parent.attributes or {}):
        parent = parent.parent
    return parent


def _item(scope: Any, depth: int) -> JsonNode:
    item: JsonNode = {}
    item_type = scope.attributes.get("itemtype")
    if item_type:
        item["@type"] = item_type.split()[0]
    if depth > _MAX_DEPTH:
        return item
    for element in scope.css("[itemprop]"):
        owner = _owner_scope(element)
        if owner is None or owner.mem_id != scope.mem_id:
            continue
        value = _property_value(element, depth)
        for name in (element.attributes.get("itemprop") or "").split():
            existing = item.get(name)
            if existing is None:
                item[name] = value
            elif isinstance(existing, list):
                existing.append(value)
            else:
                item[name] = [existing, value]
    return item


def job_posting_items(tree: LexborHTMLParser) -> list[JsonNode]:
    """Every microdata item typed JobPosting, outermost first."""
    scopes = tree.css("[itemscope][itemtype]")
    return [
        _item(scope, 0)
        for scope in scopes
        if any(
            kind.rstrip("/").endswith("JobPosting")
            for kind in (scope.attributes.get("itemtype") or "").split()
        )
    ]
