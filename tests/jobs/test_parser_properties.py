"""Property: the page parser and the paste reader never raise, whatever they are fed.

Random text, random tag soup, mutations of a real-shaped posting page and of its
JSON-LD, and random JSON documents inside ld+json blocks. Every outcome must be a
ParsedPosting (a posting, or a reason why not); an exception is a failure.
"""

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kazi.jobs.intake import NotPostingReason, ParsedPosting, parse_posting
from kazi.jobs.jsonld import load_lenient_json
from kazi.jobs.pasted import parse_paste, read_paste

EXAMPLES = 600
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
POSTING = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Clinical Officer",
    "hiringOrganization": {"@type": "Organization", "name": "Afya Clinic"},
    "jobLocation": {"@type": "Place", "address": {"addressLocality": "Nakuru"}},
    "employmentType": ["FULL_TIME", "Vollzeit"],
    "baseSalary": {"@type": "MonetaryAmount", "currency": "KES", "Value": {"minValue": 1}},
    "datePosted": "2026-11-02",
    "validThrough": "2026-12-15",
    "description": "<p>Treat <b>patients</b></p><ul><li>Diploma</li></ul>",
}
PAGE = (
    "<!doctype html><!-- saved --><html><head><title>Clinical Officer | Afya</title>"
    '<meta property="og:site_name" content="Afya">'
    '<script type="application/ld+json">{jsonld}</script></head><body><header>Menu</header>'
    "<main><h1>Clinical Officer</h1><p>Location: Nakuru</p><h2>Requirements</h2>"
    "<ul><li>Diploma in Clinical Medicine</li></ul><p>Salary: Ksh 50,000 per month</p>"
    '<p>Send your CV to <a href="mailto:jobs@afya.example">jobs@afya.example</a></p>'
    "</main><!-- end --></body></html>"
)
MARKUP = [
    "<",
    ">",
    "</",
    "<!--",
    "-->",
    "<!doctype html>",
    "<h1>",
    "</h1>",
    "<li>",
    "<script type='application/ld+json'>",
    "</script>",
    "<a href='",
    "'>",
    "&amp;",
    "&#x0;",
    '"',
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\\",
    "\x00",
    "\ufeff",
    "Salary: Ksh 35K - 45K",
    "Deadline: 30/01",
    "1. DRIVER (3 POSTS)",
    "🚨",
    "Position:",
    "JobPosting",
    "@graph",
    "itemscope itemtype='https://schema.org/JobPosting'",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["@type", "@id", "@graph", "title", "Title", "value", "Value", "name"])
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def _assert_result(parsed: ParsedPosting) -> None:
    assert isinstance(parsed, ParsedPosting)
    assert parsed.is_posting == (parsed.reason is None)
    assert parsed.reason is None or isinstance(parsed.reason, NotPostingReason)


def _mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Cut, duplicate or insert at positions drawn by Hypothesis."""
    for position, length, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + length :]
    return text


edits = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.integers(0, 40),
        st.sampled_from(MARKUP) | st.text(max_size=6),
    ),
    min_size=1,
    max_size=12,
)


@FAST
@given(st.text(max_size=400))
def test_random_text_as_a_page_never_raises(text: str) -> None:
    _assert_result(parse_posting(text, None))


@FAST
@given(st.lists(st.sampled_from(MARKUP) | st.text(string.printable, max_size=5), max_size=60))
def test_tag_soup_never_raises(pieces: list[str]) -> None:
    _assert_result(parse_posting("".join(pieces), "https://jobs.lever.co/acme/1"))


@FAST
@given(edits)
def test_mutated_posting_page_never_raises(page_edits: list[tuple[int, int, str]]) -> None:
    page = PAGE.replace("{jsonld}", json.dumps(POSTING))
    _assert_result(parse_posting(_mutate(page, page_edits), "https://board.example/jobs/1"))


@FAST
@given(edits)
def test_mutated_jsonld_never_raises(block_edits: list[tuple[int, int, str]]) -> None:
    block = _mutate(json.dumps(POSTING, ensure_ascii=False), block_edits)
    load_lenient_json(block)
    _assert_result(parse_posting(PAGE.replace("{jsonld}", block), None))


@FAST
@given(json_values)
def test_any_json_document_in_an_ld_block_never_raises(document: object) -> None:
    block = json.dumps({"@type": "JobPosting", "title": "Driver", "extra": document})
    _assert_result(parse_posting(PAGE.replace("{jsonld}", block), None))
    _assert_result(parse_posting(PAGE.replace("{jsonld}", json.dumps(document)), None))


@FAST
@given(st.lists(st.sampled_from(MARKUP) | st.text(max_size=20), max_size=30))
def test_pasted_text_never_raises(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    reading = read_paste(text)
    if reading.is_job and not reading.roles:
        _assert_result(parse_paste(text, reading))
