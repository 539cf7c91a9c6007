from kazi.llm.scrub import REDACTED, scrub

KEY = "sk-live-0123456789abcdef"


def test_each_secret_is_removed() -> None:
    text = f"Incorrect API key provided: {KEY}. Key {KEY} was revoked."
    cleaned = scrub(text, [KEY])
    assert KEY not in cleaned
    assert cleaned.count(REDACTED) == 2


def test_a_secret_containing_another_is_removed_whole() -> None:
    cleaned = scrub(f"key {KEY}-extra", [KEY, f"{KEY}-extra"])
    assert cleaned == f"key {REDACTED}"


def test_key_query_parameters_are_redacted_even_when_not_listed() -> None:
    url = "POST https://g.example/v1beta/models/m:generateContent?alt=sse&key=AIzaSyUnknown123"
    cleaned = scrub(url + " and ?api_key=other-secret#frag", [])
    assert "AIzaSyUnknown123" not in cleaned
    assert "other-secret" not in cleaned
    assert "alt=sse" in cleaned
    assert f"key={REDACTED}" in cleaned
    assert f"api_key={REDACTED}" in cleaned


def test_bearer_tokens_are_redacted() -> None:
    cleaned = scrub("header Authorization: Bearer abc.DEF-123_x was refused", [])
    assert "abc.DEF-123_x" not in cleaned
    assert cleaned == f"header Authorization: Bearer {REDACTED} was refused"


def test_long_text_is_truncated_and_whitespace_collapsed() -> None:
    cleaned = scrub("word\n\n" * 200, [], max_length=50)
    assert len(cleaned) == 50
    assert cleaned.endswith("…")
    assert "\n" not in cleaned


def test_empty_and_tiny_secrets_are_ignored() -> None:
    assert scrub("a plain message", ["", "a"]) == "a plain message"
