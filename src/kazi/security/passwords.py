"""Password hashing with argon2id, off the event loop (hashing is deliberately slow)."""

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# A real hash to verify against when the user does not exist, so timing does not
# reveal which e-mail addresses are registered.
_DUMMY_HASH = _hasher.hash("kazi-timing-equaliser")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash or _DUMMY_HASH, password, password_hash)


def _verify(stored: str, password: str, real_hash: str | None) -> bool:
    try:
        return _hasher.verify(stored, password) and real_hash is not None
    except (VerificationError, InvalidHashError):
        return False
