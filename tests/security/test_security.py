"""Stored secrets, passwords and tokens: what each primitive promises."""

import pytest

from kazi.security.crypto import DecryptionFailed, SecretBox, last4
from kazi.security.passwords import hash_password, verify_password
from kazi.security.tokens import API_KEY_PREFIX, new_token, same_secret, token_digest

OLD = "old-secret-" + "o" * 40
NEW = "new-secret-" + "n" * 40


def test_a_ciphertext_is_bound_to_its_row() -> None:
    box = SecretBox(NEW, [], "provider-keys")
    sealed = box.encrypt("sk-vendor-key", "provider:1")
    assert "sk-vendor-key" not in sealed
    assert box.decrypt(sealed, "provider:1") == "sk-vendor-key"
    with pytest.raises(DecryptionFailed):
        box.decrypt(sealed, "provider:2")


def test_rotation_reads_old_ciphertexts_and_writes_with_the_new_secret() -> None:
    sealed_before = SecretBox(OLD, [], "provider-keys").encrypt("sk-1", "provider:1")
    rotated = SecretBox(NEW, [OLD], "provider-keys")
    assert rotated.decrypt(sealed_before, "provider:1") == "sk-1"
    assert not rotated.is_current(sealed_before)
    assert rotated.is_current(rotated.encrypt("sk-1", "provider:1"))
    with pytest.raises(DecryptionFailed):
        SecretBox(NEW, [], "provider-keys").decrypt(sealed_before, "provider:1")


def test_each_purpose_has_its_own_key() -> None:
    sealed = SecretBox(NEW, [], "provider-keys").encrypt("sk-1", "row")
    with pytest.raises(DecryptionFailed):
        SecretBox(NEW, [], "another-purpose").decrypt(sealed, "row")


@pytest.mark.parametrize("damaged", ["", "v1.only-two", "v9.abcdefgh.AAAA", "v1.abcdefgh.!!!"])
def test_damaged_ciphertexts_fail_cleanly(damaged: str) -> None:
    with pytest.raises(DecryptionFailed):
        SecretBox(NEW, [], "provider-keys").decrypt(damaged, "row")


def test_a_secret_is_shown_by_its_last_four_characters_only() -> None:
    assert last4("sk-abcdefgh1234") == "…1234"
    assert last4("short") == "…"


async def test_passwords_verify_only_against_their_own_hash() -> None:
    stored = await hash_password("correct horse battery")
    assert "correct horse" not in stored
    assert await verify_password(stored, "correct horse battery")
    assert not await verify_password(stored, "wrong horse battery")
    assert not await verify_password(None, "correct horse battery")


def test_tokens_are_random_and_stored_as_digests() -> None:
    first, second = new_token(), new_token(API_KEY_PREFIX)
    assert first != second
    assert second.startswith(API_KEY_PREFIX)
    assert token_digest(first) != first
    assert len(token_digest(first)) == 64
    assert token_digest(first) == token_digest(first)
    assert same_secret(first, first)
    assert not same_secret(first, second)
