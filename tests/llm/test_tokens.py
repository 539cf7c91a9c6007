from kazi.llm.tokens import estimate_tokens


def test_counts_with_the_o200k_encoding() -> None:
    # "hello" and " world" are single tokens in o200k_base.
    assert estimate_tokens("hello world") == 2


def test_empty_text_has_no_tokens() -> None:
    assert estimate_tokens("") == 0


def test_longer_text_has_more_tokens() -> None:
    short = estimate_tokens("Accountant, Nairobi")
    long = estimate_tokens("Accountant, Nairobi. Five years of payroll and audit experience.")
    assert 0 < short < long


def test_special_token_markers_are_counted_as_text() -> None:
    assert estimate_tokens("<|endoftext|>") > 1
