"""Opaque bearer tokens: random strings whose SHA-256 digest alone is stored."""

import hashlib
import hmac
import secrets

ACCESS_TOKEN_PREFIX = "kz_"  # noqa: S105 (a label, not a secret)
API_KEY_PREFIX = "kzk_"


def new_token(prefix: str = ACCESS_TOKEN_PREFIX) -> str:
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The stored form of a token. High-entropy tokens need no salt or slow hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
