"""Make text safe to put in an error message or a log line.

Vendor SDK messages can carry the API key (Gemini puts it in URLs), bearer tokens or
long response bodies; everything that leaves an adapter goes through `scrub` first.
"""

import re
from collections.abc import Iterable

REDACTED = "[redacted]"
DEFAULT_MAX_LENGTH = 200

# Query parameters that carry credentials, e.g. `?key=AIza...` or `&api_key=...`.
_CREDENTIAL_PARAM = re.compile(
    r"(?i)\b(api[_-]?key|key|access[_-]?token|token)=[^&\s\"'<>#]+",
)
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
# Shorter strings are too likely to match ordinary words to be worth redacting.
_MIN_SECRET_LENGTH = 4


def scrub(text: str, secrets: Iterable[str], max_length: int = DEFAULT_MAX_LENGTH) -> str:
    """Remove every secret and credential-looking value from `text`, then truncate it."""
    # Longest first, so a secret that contains another is removed whole.
    for secret in sorted(
        {s for s in secrets if len(s) >= _MIN_SECRET_LENGTH}, key=len, reverse=True
    ):
        text = text.replace(secret, REDACTED)
    text = _CREDENTIAL_PARAM.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = " ".join(text.split())
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text
