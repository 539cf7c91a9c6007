"""Readable text, label rows, sections, and how heuristics merge with structured data."""

from datetime import date

from kazi.jobs.heuristics import apply_heuristics, label_values, list_items, section_lines
from kazi.jobs.posting import EmploymentType, JobData, Source
from kazi.jobs.readable import LineKind, ParsedPage, TextLine, fragment_lines, readable_text

CHROME_PAGE = """<html><head><title>t</title><style>p{color:red}</style></head><body>
<header class="site-header"><a href="/">Board</a></header>
<nav><a href="/jobs">Jobs</a></nav>
<div id="cookie-notice">We use cookies</div>
<article>
  <header><h1>Driver</h1></header>
  <p>We need a   careful
     <b>driver</b> in Thika.</p>
  <p>Line one<br>Line two</p>
  <h2>Requirements</h2>
  <ol><li>Class BCE licence</li><li>Five years <em>accident-free</em></li></ol>
  <div hidden>secret</div><div style="display: none">also hidden</div>
  <table><tr><th>Location</th><td>Thika</td></tr></table>
  <script>var x = "<p>not text</p>";</script>
</article>
<form action="/alerts"><label>Email</label><input name="e"></form>
<div class="social-share">Share on WhatsApp</div>
<footer>© 2026 Board</footer>
</body></html>"""


def test_readable_text_keeps_headings_items_and_drops_chrome() -> None:
    assert readable_text(CHROME_PAGE) == (
        "Driver\n"
        "We need a careful driver in Thika.\n"
        "Line one\n"
        "Line two\n"
        "Requirements\n"
        "- Class BCE licence\n"
        "- Five years accident-free\n"
        "Location\n"
        "Thika"
    )


def test_readable_text_is_bounded_at_a_line_boundary() -> None:
    page = "<body>" + "".join(f"<p>Paragraph number {n}</p>" for n in range(1000)) + "</body>"
    text = readable_text(page, max_chars=100)
    assert len(text) <= 100
    assert text.splitlines()[-1] == "Paragraph number 4"


def test_page_wrapped_in_a_form_still_reads() -> None:
    page = '<body><form id="aspnetForm"><h1>Cashier</h1><p>Serve customers.</p></form></body>'
    assert readable_text(page) == "Cashier\nServe customers."


def test_deep_nesting_does_not_recurse() -> None:
    page = "<body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body>"
    assert readable_text(page) == "deep"


def test_fragment_lines_marks_kinds() -> None:
    assert fragment_lines("<h3>Duties</h3><ul><li>Cook</li></ul><p>Note</p>") == [
        TextLine("Duties", LineKind.HEADING),
        TextLine("Cook", LineKind.ITEM),
        TextLine("Note", LineKind.TEXT),
    ]


def lines(*texts: str) -> list[TextLine]:
    return [
        TextLine(text.removeprefix("- "), LineKind.ITEM if text.startswith("- ") else LineKind.TEXT)
        for text in texts
    ]


def test_label_values_inline_and_on_the_next_line() -> None:
    found = label_values(
        lines(
            "Location: Kisumu",
            "Job Type",
            "Part Time",
            "Mshahara",
            "KES 20,000",
            "Deadline:",
            "Salary:",
        )
    )
    assert found == {"location": "Kisumu", "employment_type": "Part Time", "salary": "KES 20,000"}


def test_sections_stop_at_the_next_heading() -> None:
    sections = section_lines(
        lines(
            "Responsibilities:", "- Cook", "- Clean",
            "Requirements", "The ideal candidate has:", "- Food handler certificate",
            "• Two years experience", "Other info:", "- Not a requirement",
        )
    )  # fmt: skip
    assert list_items(sections["responsibilities"]) == ["Cook", "Clean"]
    assert list_items(sections["requirements"]) == [
        "Food handler certificate",
        "Two years experience",
    ]


def test_heuristics_never_override_structured_fields() -> None:
    page = ParsedPage.from_html(
        "<body><h1>Page Title</h1><p>Location: Eldoret</p><p>Job Type: Internship</p>"
        "<p>Deadline: 2 January 2027</p></body>"
    )
    structured = JobData(title="Structured Title", employment_type=EmploymentType.FULL_TIME)
    provenance = {"title": Source.STRUCTURED_DATA, "employment_type": Source.STRUCTURED_DATA}
    data, merged = apply_heuristics(page, structured, provenance)
    assert data.title == "Structured Title"
    assert data.employment_type is EmploymentType.FULL_TIME
    assert data.location == "Eldoret"
    assert data.closing_date == date(2027, 1, 2)
    assert merged == {
        "title": Source.STRUCTURED_DATA,
        "employment_type": Source.STRUCTURED_DATA,
        "location": Source.HEURISTIC,
        "closing_date": Source.HEURISTIC,
    }


def test_title_falls_back_to_og_title_without_site_and_company() -> None:
    page = ParsedPage.from_html(
        '<head><meta property="og:title" content="Barista at Java Cafe | Fuzu">'
        '<meta property="og:site_name" content="Fuzu"></head>'
        "<body><p>Short page body text.</p></body>"
    )
    data, provenance = apply_heuristics(page, JobData(), {})
    assert (data.title, data.company) == ("Barista", "Java Cafe")
    assert provenance["title"] is Source.HEURISTIC


def test_remote_from_work_mode_label() -> None:
    remote_page = ParsedPage.from_html("<body><p>Work mode: Remote</p></body>")
    office_page = ParsedPage.from_html("<body><p>Work mode: On-site</p></body>")
    assert apply_heuristics(remote_page, JobData(), {})[0].remote is True
    assert apply_heuristics(office_page, JobData(), {})[0].remote is False
