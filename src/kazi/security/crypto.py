"""Encryption of stored secrets (vendor API keys).

Each purpose gets its own key derived from KAZI_SECRET_KEY with HKDF, so the key that
encrypts vendor keys is never the one used for anything else. Ciphertexts are
versioned (`v1.<key id>.<base64 nonce+ciphertext>`) and bound to their row through
AES-GCM associated data: a ciphertext copied to another row does not decrypt.
"""

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
_NONCE_BYTES = 12


class DecryptionFailed(Exception):
    """The ciphertext is damaged, bound to another row, or made with an unknown secret."""


@dataclass(frozen=True)
class _Key:
    key_id: str
    aead: AESGCM


def derive_key(secret: str, purpose: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kazi-hkdf-v1", info=purpose.encode())
    return hkdf.derive(secret.encode())


class SecretBox:
    """Encrypts with the current secret; decrypts with the current or any previous one."""

    def __init__(self, current: str, previous: list[str], purpose: str) -> None:
        self._keys = [self._make_key(s, purpose) for s in [current, *previous]]

    @staticmethod
    def _make_key(secret: str, purpose: str) -> _Key:
        raw = derive_key(secret, purpose)
        return _Key(hashlib.sha256(raw).hexdigest()[:8], AESGCM(raw))

    @property
    def current_key_id(self) -> str:
        return self._keys[0].key_id

    def encrypt(self, plaintext: str, binding: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._keys[0].aead.encrypt(nonce, plaintext.encode(), binding.encode())
        body = base64.urlsafe_b64encode(nonce + sealed).decode()
        return f"{VERSION}.{self._keys[0].key_id}.{body}"

    def decrypt(self, ciphertext: str, binding: str) -> str:
        version, key_id, body = _split(ciphertext)
        key = next((k for k in self._keys if k.key_id == key_id), None)
        if version != VERSION or key is None:
            raise DecryptionFailed("ciphertext made with an unknown version or secret")
        try:
            raw = base64.urlsafe_b64decode(body.encode())
            plain = key.aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], binding.encode())
        except (InvalidTag, ValueError) as exc:
            raise DecryptionFailed("ciphertext does not decrypt for this row") from exc
        return plain.decode()

    def is_current(self, ciphertext: str) -> bool:
        return _split(ciphertext)[1] == self.current_key_id


def _split(ciphertext: str) -> tuple[str, str, str]:
    parts = ciphertext.split(".", 2)
    if len(parts) != 3:
        raise DecryptionFailed("ciphertext is not in a known format")
    return parts[0], parts[1], parts[2]


def last4(secret: str) -> str:
    """The only form in which a stored secret is ever shown."""
    return "…" + secret[-4:] if len(secret) >= 8 else "…"
