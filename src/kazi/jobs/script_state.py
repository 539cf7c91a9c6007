"""Postings carried in a page's JavaScript state rather than its HTML.

Single-page job boards ship the posting as data for their scripts: Next.js in
`<script id="__NEXT_DATA__">`, others as `window._initialData = {...}` or
`window.__INITIAL_STATE__ = {...}`. The first object there that looks like a
job (a title with a description, employer, place or type) is read into the
shape of a schema.org JobPosting, so one mapping serves it and JSON-LD alike.
"""

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from kazi.jobs.jsonld import JsonNode, load_lenient_json, walk_nodes

_STATE_ASSIGNMENT = re.compile(
    r"window\.(?:_initialData|__INITIAL_STATE__|__INITIAL_DATA__|__PRELOADED_STATE__"
    r"|__NUXT__|__APOLLO_STATE__|jobData|__data)\s*=\s*",
)
_MAX_STATE_CHARS = 2_000_000
_JOB_KEYS = {
    "description",
    "descriptionHtml",
    "hiringOrganization",
    "company",
    "companyName",
    "employmentType",
    "location",
    "jobLocation",
    "datePosted",
}
# Field name in script state -> JobPosting property.
_RENAMES = {
    "name": "title",
    "jobTitle": "title",
    "descriptionHtml": "description",
    "jobDescription": "description",
    "companyName": "hiringOrganization",
    "company": "hiringOrganization",
    "location": "jobLocation",
    "locationName": "jobLocation",
    "publishedAt": "datePosted",
    "createdAt": "datePosted",
    "closingDate": "validThrough",
    "deadline": "validThrough",
    "applyUrl": "url",
}


def state_documents(tree: LexborHTMLParser) -> list[Any]:
    """The JSON state blobs of a page's scripts, parsed leniently."""
    documents: list[Any] = []
    for script in tree.css("script"):
        text = script.text() or ""
        if script.attributes.get("id") == "__NEXT_DATA__":
            documents.append(load_lenient_json(text[:_MAX_STATE_CHARS]))
            continue
        match = _STATE_ASSIGNMENT.search(text)
        if match:
            blob = text[match.end() : match.end() + _MAX_STATE_CHARS].strip().rstrip(";")
            documents.append(load_lenient_json(blob))
    return [document for document in documents if document is not None]


def _looks_like_job(node: JsonNode) -> bool:
    title = node.get("title") or node.get("jobTitle")
    return isinstance(title, str) and len(_JOB_KEYS.intersection(node)) >= 2


def _as_job_posting(node: JsonNode) -> JsonNode:
    posting: JsonNode = {"@type": "JobPosting"}
    for key, value in node.items():
        name = _RENAMES.get(key, key)
        if name == "hiringOrganization" and isinstance(value, str):
            value = {"name": value}
        posting.setdefault(name, value)
    return posting


def state_postings(tree: LexborHTMLParser) -> list[JsonNode]:
    """JobPosting-shaped nodes for the job objects found in script state (the first one)."""
    for document in state_documents(tree):
        for node in walk_nodes(document):
            if "JobPosting" in str(node.get("@type", "")):
                return [node]
            if _looks_like_job(node):
                return [_as_job_posting(node)]
    return []
