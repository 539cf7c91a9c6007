"""Password hashing with argon2id, off the event loop (hashing is deliberately slow)."""

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A real hash to verify against when the user does not exist, so timing does not
    reveal which e-mail addresses are registered. Made on first use, not at import:
    hashing takes argon2's 64 MiB and tens of milliseconds that start-up need not pay."""
    return _hasher.hash("kazi-timing-equaliser")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


def _verify(real_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(real_hash or _dummy_hash(), password) and real_hash is not None
    except (VerificationError, InvalidHashError):
        return False
