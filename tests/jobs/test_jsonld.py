"""Lenient JSON-LD reading, @graph/@id resolution, and microdata."""

from kazi.jobs.jsonld import NodeGraph, load_lenient_json, read_graph, repair_json, type_names
from kazi.jobs.microdata import job_posting_items
from kazi.jobs.readable import parse_html


def test_valid_json_parses_unchanged() -> None:
    assert load_lenient_json('{"title": "Driver", "n": [1, 2]}') == {"title": "Driver", "n": [1, 2]}


def test_raw_control_characters_inside_strings() -> None:
    assert load_lenient_json('{"d": "line one\nline two\tend"}') == {"d": "line one\nline two\tend"}


def test_javascript_escapes_and_quotes() -> None:
    parsed = load_lenient_json("{'title': 'Driver\\'s mate', \"d\": \"A\\x26B \\/ \\-\"}")
    assert parsed == {"title": "Driver's mate", "d": "A&B / -"}


def test_trailing_commas_comments_and_bare_keys() -> None:
    text = """{
      // a comment
      title: "Cook", /* another */
      "tags": ["a", "b",],
    }"""
    assert load_lenient_json(text) == {"title": "Cook", "tags": ["a", "b"]}


def test_repair_leaves_string_contents_alone() -> None:
    text = '{"url": "https://x.example/a,}", "c": "// not a comment",}'
    assert load_lenient_json(text) == {"url": "https://x.example/a,}", "c": "// not a comment"}
    assert repair_json('{"a": 1,}') == '{"a": 1}'


def test_html_escaped_block_and_comment_wrapper() -> None:
    assert load_lenient_json("{&quot;title&quot;: &quot;Nurse&quot;}") == {"title": "Nurse"}
    assert load_lenient_json('<!-- {"title": "Nurse"} -->') == {"title": "Nurse"}


def test_side_by_side_objects_become_a_list() -> None:
    assert load_lenient_json('{"a": 1}, {"b": 2}') == [{"a": 1}, {"b": 2}]


def test_truncated_json_keeps_what_was_written() -> None:
    assert load_lenient_json('{"title": "unterminated') == {"title": "unterminated"}


def test_hopeless_json_is_none() -> None:
    assert load_lenient_json("") is None
    assert load_lenient_json("{JSON.stringify(jsonLd)}") is None
    assert load_lenient_json("not json at all") is None


def test_graph_resolves_references_and_finds_types() -> None:
    graph = NodeGraph(
        [
            {"@graph": [
                {"@type": "Organization", "@id": "#org", "name": "Acme"},
                {"@type": "schema:JobPosting", "hiringOrganization": {"@id": "#org"}},
                {"@type": ["http://schema.org/JobPosting", "Thing"], "title": "Second"},
            ]}
        ]
    )  # fmt: skip
    postings = graph.of_type("JobPosting")
    assert len(postings) == 2
    assert graph.resolve(postings[0]["hiringOrganization"]) == {
        "@type": "Organization", "@id": "#org", "name": "Acme",
    }  # fmt: skip
    assert graph.resolve({"@id": "#unknown"}) == {"@id": "#unknown"}
    assert type_names(postings[1]) == {"JobPosting", "Thing"}


def test_read_graph_collects_every_block_and_skips_other_scripts() -> None:
    tree = parse_html(
        '<script type="application/ld+json">{"@type": "Organization", "name": "A"}</script>'
        '<script type="application/LD+JSON; charset=utf-8">[{"@type": "JobPosting"}]</script>'
        '<script type="text/javascript">{"@type": "JobPosting"}</script>'
        '<script type="application/ld+json">not json at all</script>'
    )
    graph = read_graph(tree)
    assert [sorted(type_names(node)) for node in graph.nodes] == [["Organization"], ["JobPosting"]]


def test_microdata_nested_items_and_repeated_properties() -> None:
    tree = parse_html(
        '<div itemscope itemtype="http://schema.org/JobPosting">'
        '<span itemprop="title">Chef</span>'
        '<div itemprop="hiringOrganization" itemscope itemtype="http://schema.org/Organization">'
        '<span itemprop="name">Coral Resort</span></div>'
        '<span itemprop="employmentType">Full-time</span>'
        '<span itemprop="employmentType">Seasonal</span>'
        '<a itemprop="url" href="https://coral.example/jobs/chef">apply</a>'
        '<time itemprop="datePosted" datetime="2026-11-01">1 Nov</time>'
        "</div>"
        '<div itemscope itemtype="http://schema.org/Organization">'
        '<span itemprop="name">X</span></div>'
    )
    assert job_posting_items(tree) == [
        {
            "@type": "http://schema.org/JobPosting",
            "title": "Chef",
            "hiringOrganization": {
                "@type": "http://schema.org/Organization",
                "name": "Coral Resort",
            },
            "employmentType": ["Full-time", "Seasonal"],
            "url": "https://coral.example/jobs/chef",
            "datePosted": "2026-11-01",
        }
    ]
