"""One small hand-written page for each kind of real-page failure the parser must survive."""

from decimal import Decimal

import pytest

from kazi.jobs.intake import NotPostingReason, parse_posting
from kazi.jobs.jsonld import load_lenient_json, salvage_pairs
from kazi.jobs.posting import EmploymentType, Source
from kazi.jobs.titles import company_from_ats

BODY = (
    "<main><h1>Stores Clerk</h1><p>Keep the stock records of our Thika depot, receive "
    "deliveries, count stock every week and report shortages to the branch manager.</p>"
    "<h2>Requirements</h2><ul><li>Diploma in Supply Chain</li><li>Two years in a store</li>"
    "</ul></main>"
)


def _page(head: str = "", body: str = BODY) -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def _ld(block: str) -> str:
    return f'<script type="application/ld+json">{block}</script>'


def test_stray_text_after_the_json_ld_object_is_ignored() -> None:
    block = '{"@type": "JobPosting", "title": "Stores Clerk", "datePosted": "2026-11-02"} }\n//'
    parsed = parse_posting(_page(_ld(block)), None)
    assert parsed.data.date_posted is not None
    assert parsed.provenance["date_posted"] is Source.STRUCTURED_DATA


def test_unescaped_quotes_inside_a_description_are_repaired() -> None:
    block = (
        '{"@type": "JobPosting", "title": "Stores Clerk", '
        '"description": "<h2 id="duties">Duties</h2><p>Count the stock.</p>", '
        '"hiringOrganization": {"name": "Mavuno Stores"}}'
    )
    parsed = parse_posting(_page(_ld(block)), None)
    assert parsed.data.company == "Mavuno Stores"
    assert parsed.data.description is not None
    assert "Count the stock." in parsed.data.description


def test_employment_type_array_capitalised_keys_and_foreign_values() -> None:
    block = (
        '{"@type": "JobPosting", "Title": "Stores Clerk", "employmentType": ["Vollzeit"], '
        '"baseSalary": {"currency": "KES", "Value": {"MinValue": 30000, "MaxValue": 40000, '
        '"UnitText": "MONTH"}}}'
    )
    data = parse_posting(_page(_ld(block)), None).data
    assert data.title == "Stores Clerk"
    assert data.employment_type is EmploymentType.FULL_TIME
    assert data.salary is not None
    assert (data.salary.min, data.salary.max) == (Decimal(30000), Decimal(40000))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("正社員", EmploymentType.FULL_TIME),
        ("Tempo integral", EmploymentType.FULL_TIME),
        ("Kazi ya kudumu", EmploymentType.FULL_TIME),
        ("Teilzeit", EmploymentType.PART_TIME),
        ("Полная занятость", EmploymentType.FULL_TIME),
    ],
)
def test_employment_types_in_other_languages(value: str, expected: EmploymentType) -> None:
    block = f'{{"@type": "JobPosting", "title": "Stores Clerk", "employmentType": "{value}"}}'
    assert parse_posting(_page(_ld(block)), None).data.employment_type is expected


def test_an_address_written_country_first_reads_town_first() -> None:
    block = (
        '{"@type": "JobPosting", "title": "Stores Clerk", "jobLocation": {"@type": "Place", '
        '"address": "Kenya, Kiambu, Thika"}}'
    )
    assert parse_posting(_page(_ld(block)), None).data.location == "Thika, Kiambu, Kenya"


def test_a_block_beyond_repair_is_salvaged_field_by_field() -> None:
    broken = '{"@type": "JobPosting", "title": "Stores Clerk", "datePosted": "2026-11-02", ]]]'
    assert salvage_pairs(broken) == {
        "@type": "JobPosting",
        "title": "Stores Clerk",
        "datePosted": "2026-11-02",
    }
    assert load_lenient_json("{JSON.stringify(jsonLd)}") is None


def test_several_job_posting_blocks_are_a_listing() -> None:
    blocks = _ld('{"@type": "JobPosting", "title": "Driver"}') + _ld(
        '{"@type": "JobPosting", "title": "Cook"}'
    )
    parsed = parse_posting(_page(blocks), None)
    assert (parsed.is_posting, parsed.reason) == (False, NotPostingReason.LISTING)


def test_an_item_list_of_postings_is_a_listing() -> None:
    block = (
        '{"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "url": "/jobs/1"},'
        ' {"@type": "ListItem", "url": "/jobs/2"}]}'
    )
    assert parse_posting(_page(_ld(block)), None).reason is NotPostingReason.LISTING


def test_structured_data_wins_when_the_visible_page_is_empty() -> None:
    block = '{"@type": "JobPosting", "title": "Stores Clerk", "hiringOrganization": "Mavuno"}'
    parsed = parse_posting(_page(_ld(block), body="<div id='app'></div>"), None)
    assert parsed.is_posting
    assert (parsed.data.title, parsed.data.company) == ("Stores Clerk", "Mavuno")


def test_structured_data_for_another_job_is_set_aside() -> None:
    block = '{"@type": "JobPosting", "title": "Assistant Keeper", "hiringOrganization": "Demo"}'
    parsed = parse_posting(_page(_ld(block)), None)
    assert parsed.data.title == "Stores Clerk"
    assert parsed.data.company != "Demo"


def test_posting_in_next_js_state() -> None:
    state = (
        '<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"job": '
        '{"title": "Stores Clerk", "companyName": "Mavuno", "location": "Thika", '
        '"descriptionHtml": "<p>Count stock</p>"}}}}</script>'
    )
    parsed = parse_posting(_page(body=f"<div id='__next'></div>{state}"), None)
    assert (parsed.data.title, parsed.data.company, parsed.data.location) == (
        "Stores Clerk",
        "Mavuno",
        "Thika",
    )
    assert parsed.provenance["company"] is Source.STRUCTURED_DATA


def test_posting_in_window_initial_data() -> None:
    state = (
        '<script>window._initialData = {"job": {"title": "Stores Clerk", '
        '"company": "Mavuno", "description": "Count stock"}};</script>'
    )
    parsed = parse_posting(_page(body=f"<div id='app'></div>{state}"), None)
    assert (parsed.data.title, parsed.data.company) == ("Stores Clerk", "Mavuno")


@pytest.mark.parametrize(
    "site_title",
    ["Careers", "Careers at Mavuno Stores", "Find job and career opportunities with Mavuno"],
)
def test_site_wide_title_is_not_the_job(site_title: str) -> None:
    parsed = parse_posting(_page(f"<title>{site_title}</title>"), None)
    assert parsed.data.title == "Stores Clerk"


def test_seo_headline_and_prefix_are_stripped() -> None:
    body = BODY.replace("<h1>Stores Clerk</h1>", "<h1>Position: Stores Clerk</h1>")
    assert parse_posting(_page(body=body), None).data.title == "Stores Clerk"
    head = _ld('{"@type": "JobPosting", "title": "Work in Kenya as Stores Clerk in Mavuno"}')
    assert parse_posting(_page(head), None).data.title == "Stores Clerk"


@pytest.mark.parametrize(
    ("head", "company"),
    [
        ('<meta property="og:site_name" content="Mavuno Stores">', "Mavuno Stores"),
        ("<title>Stores Clerk – Mavuno Stores</title>", "Mavuno Stores"),
        ("<title>Mavuno Stores » Stores Clerk</title>", "Mavuno Stores"),
    ],
)
def test_company_from_site_name_or_title(head: str, company: str) -> None:
    assert parse_posting(_page(head), None).data.company == company


def test_company_from_logo_alt_text() -> None:
    body = '<header><a href="/"><img src="/l.svg" alt="Mavuno Stores logo"></a></header>' + BODY
    assert parse_posting(_page(body=body), None).data.company == "Mavuno Stores"


@pytest.mark.parametrize(
    ("url", "company"),
    [
        ("https://boards.greenhouse.io/mavunostores/jobs/123", "Mavunostores"),
        ("https://jobs.lever.co/mavuno-stores/abc-123", "Mavuno Stores"),
        ("https://mavuno.wd3.myworkdayjobs.com/en-US/careers/job/Thika/Clerk_R1", "Mavuno"),
        ("https://apply.workable.com/mavuno-stores/j/ABC123/", "Mavuno Stores"),
        ("https://jobs.ashbyhq.com/mavuno/5d1", "Mavuno"),
        ("https://example.com/jobs/mavuno", None),
    ],
)
def test_company_from_applicant_tracking_address(url: str, company: str | None) -> None:
    assert company_from_ats(url) == company
    if company:
        assert parse_posting(_page(), url).data.company == company


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<h1>No Job Openings</h1><p>" + "Write to us anyway. " * 10 + "</p>", "not_a_job"),
        ("<h1>Mavuno Scholarships for Students</h1>" + BODY[6:], "not_a_job"),
        ("<h1>Vacancies</h1>" + BODY[6:], "listing"),
        ("<main><p>[job_details id=3936]</p><p>" + "Footer text. " * 20 + "</p></main>", "empty"),
        (
            "<h1>The Blog</h1><h2>Job Posting - QA Engineer</h2><p>We have an opening, see "
            "the ad.</p><h3>Archives</h3><ul>" + "<li>October 2015</li>" * 30 + "</ul>",
            "empty",
        ),
    ],
)
def test_pages_that_are_not_one_posting(body: str, reason: str) -> None:
    parsed = parse_posting(_page(body=body), None)
    assert parsed.reason is not None
    assert parsed.reason.value == reason


def test_repeated_teasers_are_a_listing() -> None:
    teaser = "<h3>{}</h3><p>Work on our trading systems every day.</p><p>Full Time</p>"
    body = "<h1>Join us</h1>" + "".join(teaser.format(r) for r in ("Analyst", "Trader", "Dev"))
    assert parse_posting(_page(body=body + "<p>" + "x " * 80 + "</p>"), None).reason is (
        NotPostingReason.LISTING
    )


def test_comments_and_doctype_inside_the_body_are_skipped() -> None:
    body = "<!DOCTYPE html><!-- old --><?php echo 1 ?>" + BODY + "<![CDATA[ x ]]>"
    parsed = parse_posting(_page(body=body), None)
    assert parsed.data.title == "Stores Clerk"


def test_a_section_written_as_text_keeps_its_lines() -> None:
    body = BODY.replace("</main>", "<h2>Key Skills</h2><p>Stock counts, Excel, Sage</p></main>")
    assert parse_posting(_page(body=body), None).data.skills == ["Stock counts, Excel, Sage"]
