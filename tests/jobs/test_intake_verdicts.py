"""What parse_posting says about pages that are not one posting, and missing_fields."""

import json

import pytest

from kazi.jobs.intake import NotPostingReason, missing_fields, parse_posting
from kazi.jobs.posting import JOB_FIELDS, JobData


def jsonld(document: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(document)}</script>'


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body></body></html>",
        "<html><body><p>Loading…</p><script>app()</script></body></html>",
    ],
)
def test_empty_pages(html: str) -> None:
    parsed = parse_posting(html, None)
    assert (parsed.is_posting, parsed.reason) == (False, NotPostingReason.EMPTY)


def test_item_list_json_ld_is_a_listing() -> None:
    items = [
        {"@type": "ListItem", "position": n, "url": f"https://b.example/jobs/{n}"}
        for n in (1, 2, 3)
    ]
    page = (
        "<html><head>"
        + jsonld({"@type": "ItemList", "itemListElement": items})
        + "</head><body><p>Jobs</p></body></html>"
    )
    assert parse_posting(page, None).reason is NotPostingReason.LISTING


def test_several_job_postings_are_a_listing() -> None:
    postings = [{"@type": "JobPosting", "title": title} for title in ("Cook", "Waiter", "Cashier")]
    page = "<html><head>" + jsonld({"@graph": postings}) + "</head><body><p>x</p></body></html>"
    assert parse_posting(page, None).reason is NotPostingReason.LISTING


def test_same_posting_twice_is_still_one_posting() -> None:
    posting = {"@type": "JobPosting", "title": "Cook", "url": "https://b.example/jobs/cook"}
    page = "<html><head>" + jsonld(posting) + jsonld([posting]) + "</head><body></body></html>"
    parsed = parse_posting(page, None)
    assert parsed.is_posting
    assert parsed.data.title == "Cook"


def test_posting_with_a_header_login_form_is_still_a_posting() -> None:
    page = (
        '<body><div class="login-box"><input type="password" name="p"></div>'
        "<h1>Cook</h1><p>Mama Oliech Restaurant in Kilimani is hiring a cook for its lunch "
        "and dinner service. You will work in a busy kitchen of six.</p>"
        "<h2>Responsibilities</h2><ul><li>Cook meals</li></ul>"
        "<h2>Requirements</h2><ul><li>Certificate in food production</li></ul></body>"
    )
    parsed = parse_posting(page, None)
    assert parsed.is_posting
    assert parsed.data.responsibilities == ["Cook meals"]


def test_missing_fields_lists_empty_fields_in_order() -> None:
    assert missing_fields(JobData()) == list(JOB_FIELDS)
    data = JobData(title="Cook", requirements=["Certificate"], remote=False)
    assert missing_fields(data) == [
        name for name in JOB_FIELDS if name not in {"title", "requirements", "remote"}
    ]
