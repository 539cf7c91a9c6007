"""A schema.org JobPosting (JSON-LD first, then microdata) mapped onto JobData."""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from selectolax.lexbor import LexborHTMLParser

from kazi.jobs.jsonld import JsonNode, NodeGraph, read_graph
from kazi.jobs.labels import REMOTE_WORDS
from kazi.jobs.microdata import job_posting_items
from kazi.jobs.places import COUNTRY_NAMES, COUNTRY_WORDS
from kazi.jobs.posting import EmploymentType, HowToApply, JobData, Salary, Source
from kazi.jobs.readable import fragment_lines, render_lines
from kazi.jobs.script_state import state_postings
from kazi.jobs.titles import clean_title
from kazi.jobs.values import (
    currency_code,
    employment_type_from,
    find_date,
    parse_amount,
    salary_unit_from,
)

SHORT_TEXT_LIMIT = 500
DESCRIPTION_LIMIT = 100_000
ITEM_LIMIT = 2_000
MAX_ITEMS = 200

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_MARKUP_HINT = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")


@dataclass
class StructuredResult:
    data: JobData = field(default_factory=JobData)
    provenance: dict[str, Source] = field(default_factory=dict)
    posting_count: int = 0
    item_list_count: int = 0


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _unescape_markup(text: str) -> str:
    """Undo entity-escaping of HTML (sometimes twice over) so the markup can be read."""
    for _ in range(3):
        if "&lt;" not in text and "&amp;" not in text:
            break
        text = html.unescape(text)
    return text


def clean_inline(value: Any, limit: int = SHORT_TEXT_LIMIT) -> str | None:
    """A short text value with any markup and entities reduced to plain words."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = _unescape_markup(value)
    if _MARKUP_HINT.search(text):
        text = " ".join(line.text for line in fragment_lines(text))
    text = " ".join(text.split())
    return text[:limit] or None


def rich_text(value: Any, limit: int = DESCRIPTION_LIMIT) -> str | None:
    """Descriptive HTML (possibly entity-escaped) as readable lines."""
    if isinstance(value, list):
        value = "\n".join(str(part) for part in value if isinstance(part, str))
    if not isinstance(value, str) or not value.strip():
        return None
    text = _unescape_markup(value)
    if _MARKUP_HINT.search(text):
        return render_lines(fragment_lines(text), limit) or None
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:limit] or None


def _item_from_node(node: JsonNode) -> str | None:
    months = node.get("monthsOfExperience")
    if months is not None:
        return clean_inline(f"Experience: {months} months")
    for key in ("name", "credentialCategory", "description", "@value"):
        if node.get(key):
            return clean_inline(node[key], ITEM_LIMIT)
    return None


def text_items(value: Any, *, split_commas: bool = False) -> list[str]:
    """A property that lists things (a list, an HTML list, lines) as separate items."""
    values = value if isinstance(value, list) else [value]
    items: list[str] = []
    for part in values:
        if isinstance(part, dict):
            item = _item_from_node(part)
            items.extend([item] if item else [])
            continue
        if not isinstance(part, str):
            continue
        text = _unescape_markup(part)
        lines = (
            [line.text for line in fragment_lines(text)]
            if _MARKUP_HINT.search(text)
            else [line.strip(" \t-•*·") for line in text.splitlines()]
        )
        if split_commas and len(lines) == 1 and "," in lines[0]:
            lines = lines[0].split(",")
        items.extend(" ".join(line.split())[:ITEM_LIMIT] for line in lines if line.strip())
    return list(dict.fromkeys(items))[:MAX_ITEMS]


def schema_date(value: Any) -> date | None:
    value = clean_inline(value)
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return find_date(value)


def _small_to_large(address: str) -> str:
    """An address written country first ("India, Gujarat, Rajkot") turned town first."""
    parts = [part.strip() for part in address.split(",")]
    if len(parts) >= 2 and parts[0].lower() in COUNTRY_WORDS:
        return ", ".join(reversed(parts))
    return address


def _address_parts(address: Any) -> list[str]:
    if isinstance(address, str):
        return [_small_to_large(clean_inline(address) or "")]
    if not isinstance(address, dict):
        return []
    parts = [address.get(key) for key in ("addressLocality", "addressRegion")]
    country = address.get("addressCountry")
    country_name = clean_inline(country)
    if country_name:
        parts.append(COUNTRY_NAMES.get(country_name.upper(), country_name))
    return [text for text in (clean_inline(part) for part in parts) if text]


def _place_text(place: Any, graph: NodeGraph) -> str | None:
    place = graph.resolve(place)
    if isinstance(place, str):
        return clean_inline(place)
    if not isinstance(place, dict):
        return None
    parts = _address_parts(graph.resolve(_first(place.get("address"))))
    if not parts and place.get("name"):
        parts = [clean_inline(place["name"]) or ""]
    unique = [part for index, part in enumerate(parts) if part and part not in parts[:index]]
    return ", ".join(unique) or None


def location_text(node: JsonNode, graph: NodeGraph) -> str | None:
    places = node.get("jobLocation")
    places = places if isinstance(places, list) else [places]
    texts = [text for text in (_place_text(place, graph) for place in places) if text]
    if not texts:
        requirements = node.get("applicantLocationRequirements")
        requirements = requirements if isinstance(requirements, list) else [requirements]
        texts = [text for text in (_place_text(req, graph) for req in requirements) if text]
        texts = [COUNTRY_NAMES.get(text.upper(), text) for text in texts]
    unique = list(dict.fromkeys(texts))
    return "; ".join(unique)[:SHORT_TEXT_LIMIT] or None


def remote_flag(node: JsonNode) -> bool | None:
    location_types = node.get("jobLocationType")
    location_types = location_types if isinstance(location_types, list) else [location_types]
    if any(isinstance(kind, str) and kind.upper() == "TELECOMMUTE" for kind in location_types):
        return True
    if node.get("applicantLocationRequirements") and not node.get("jobLocation"):
        return True
    return None


def employment_type(value: Any) -> EmploymentType | None:
    values = value if isinstance(value, list) else [value]
    for candidate in values:
        if isinstance(candidate, str):
            found = employment_type_from(candidate)
            if found is not None:
                return found
    return None


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return parse_amount(str(value))
    return parse_amount(value) if isinstance(value, str) and value.strip() else None


def salary(value: Any, graph: NodeGraph) -> Salary | None:
    amount_node = graph.resolve(_first(value))
    if not isinstance(amount_node, dict):
        single = _amount(amount_node)
        return Salary(min=single, max=single) if single is not None else None
    quantity = graph.resolve(amount_node.get("value"))
    if not isinstance(quantity, dict):
        quantity = {"value": quantity}
    exact = _amount(quantity.get("value"))
    low = _amount(quantity.get("minValue"))
    high = _amount(quantity.get("maxValue"))
    low, high = (low if low is not None else exact), (high if high is not None else exact)
    currency = clean_inline(amount_node.get("currency"))
    unit_text = clean_inline(quantity.get("unitText") or amount_node.get("unitText"))
    if low is None and high is None:
        return None
    try:
        return Salary(
            currency=currency_code(currency) if currency else None,
            min=low,
            max=high,
            unit=salary_unit_from(unit_text) if unit_text else None,
        )
    except ValidationError:
        return None


def how_to_apply(node: JsonNode, graph: NodeGraph) -> HowToApply | None:
    contact = graph.resolve(_first(node.get("applicationContact")))
    contact = contact if isinstance(contact, dict) else {}
    email = clean_inline(contact.get("email"), 320)
    url = clean_inline(contact.get("url"), 2_000) or clean_inline(node.get("url"), 2_000)
    if email:
        email = email.removeprefix("mailto:")
    if url and not url.lower().startswith(("http://", "https://")):
        url = None
    return HowToApply(url=url, email=email) if url or email else None


def requirements(node: JsonNode, graph: NodeGraph) -> list[str]:
    items: list[str] = []
    for key in ("qualifications", "educationRequirements", "experienceRequirements"):
        value = node.get(key)
        values = value if isinstance(value, list) else [value]
        items.extend(text_items([graph.resolve(part) for part in values if part is not None]))
    return list(dict.fromkeys(items))[:MAX_ITEMS]


def language(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    text = clean_inline(value, 35)
    return text or None


FieldReader = Callable[[JsonNode, NodeGraph], Any]

FIELD_READERS: dict[str, FieldReader] = {
    "title": lambda node, graph: clean_inline(node.get("title") or node.get("name")),
    "company": lambda node, graph: clean_inline(
        graph.resolve(_first(node.get("hiringOrganization")))
    ),
    "location": location_text,
    "remote": lambda node, graph: remote_flag(node),
    "employment_type": lambda node, graph: employment_type(node.get("employmentType")),
    "salary": lambda node, graph: salary(
        node.get("baseSalary") or node.get("estimatedSalary"), graph
    ),
    "date_posted": lambda node, graph: schema_date(node.get("datePosted")),
    "closing_date": lambda node, graph: schema_date(node.get("validThrough")),
    "how_to_apply": how_to_apply,
    "description": lambda node, graph: rich_text(node.get("description")),
    "responsibilities": lambda node, graph: text_items(node.get("responsibilities")),
    "requirements": requirements,
    "skills": lambda node, graph: text_items(node.get("skills"), split_commas=True),
    "benefits": lambda node, graph: text_items(node.get("jobBenefits")),
    "language": lambda node, graph: language(node.get("inLanguage")),
}


def _is_filled(value: Any) -> bool:
    return value is not None and value != [] and value != ""


def map_posting(nodes: list[JsonNode], graph: NodeGraph) -> tuple[JobData, dict[str, Source]]:
    """Fill JobData from the first node stating each field; the rest only fill gaps."""
    values: dict[str, Any] = {}
    for node in nodes:
        for name, reader in FIELD_READERS.items():
            if name not in values:
                value = reader(node, graph)
                if _is_filled(value):
                    values[name] = value
    if values.get("title"):
        values["title"] = clean_title(values["title"], values.get("company")) or values["title"]
    if "remote" not in values and REMOTE_WORDS.search(values.get("location") or ""):
        values["remote"] = True
    data = validated_job(values)
    return data, {name: Source.STRUCTURED_DATA for name in values if name in data.model_fields_set}


def validated_job(values: dict[str, Any]) -> JobData:
    """JobData from values, leaving out any field whose value does not validate."""
    values = dict(values)
    while True:
        try:
            return JobData.model_validate(values)
        except ValidationError as error:
            bad_fields = {str(detail["loc"][0]) for detail in error.errors() if detail["loc"]}
            if not bad_fields & set(values):
                raise
            for name in bad_fields:
                values.pop(name, None)


def _distinct_postings(nodes: list[JsonNode]) -> list[JsonNode]:
    seen: dict[tuple[str, str], JsonNode] = {}
    for node in nodes:
        key = (str(clean_inline(node.get("title")) or ""), str(node.get("url") or ""))
        seen.setdefault(key, node)
    return list(seen.values())


def _item_list_count(graph: NodeGraph) -> int:
    lists = graph.of_type("ItemList")
    return sum(
        1
        for node in lists
        if isinstance(node.get("itemListElement"), list) and len(node["itemListElement"]) > 1
    )


def extract_structured(tree: LexborHTMLParser) -> StructuredResult:
    """The page's JobPosting as JobData with STRUCTURED_DATA provenance per filled field."""
    graph = read_graph(tree)
    json_postings = _distinct_postings(graph.of_type("JobPosting"))
    micro_postings = _distinct_postings(job_posting_items(tree))
    if not json_postings and not micro_postings:
        # Only where the page states no posting itself: scripts' data for their own use.
        json_postings = state_postings(tree)
    result = StructuredResult(
        posting_count=max(len(json_postings), len(micro_postings)),
        item_list_count=_item_list_count(graph),
    )
    primary = [postings[0] for postings in (json_postings, micro_postings) if postings]
    if primary and result.posting_count == 1:
        result.data, result.provenance = map_posting(primary, graph)
    return result
