"""Vendor API keys at rest: encrypted under a key of their own, bound to their row."""

from pydantic import SecretStr

from kazi.kit.config import Settings
from kazi.providers.models import AIProviderConfig
from kazi.providers.schemas import KeyStatus
from kazi.security.crypto import DecryptionFailed, SecretBox, last4

PURPOSE = "kazi/provider-api-keys/v1"


def key_box(settings: Settings) -> SecretBox:
    return SecretBox(settings.secret, settings.previous_secrets, PURPOSE)


def _binding(config_id: int) -> str:
    return f"ai_provider_configs:{config_id}:api_key"


def store_key(box: SecretBox, config: AIProviderConfig, key: SecretStr | None) -> None:
    """Encrypts the key onto the row (which must already have its id)."""
    if key is None or not key.get_secret_value():
        config.api_key_encrypted, config.api_key_hint = None, None
        return
    plain = key.get_secret_value()
    config.api_key_encrypted = box.encrypt(plain, _binding(config.id))
    config.api_key_hint = last4(plain)


def read_key(box: SecretBox, config: AIProviderConfig) -> SecretStr | None:
    """The plaintext key; raises DecryptionFailed when it no longer decrypts for this row."""
    if config.api_key_encrypted is None:
        return None
    return SecretStr(box.decrypt(config.api_key_encrypted, _binding(config.id)))


def key_status(box: SecretBox, config: AIProviderConfig) -> KeyStatus:
    if config.api_key_encrypted is None:
        return KeyStatus.MISSING
    try:
        read_key(box, config)
    except DecryptionFailed:
        return KeyStatus.NEEDS_RECONFIGURATION
    return KeyStatus.OK


def reencrypt(box: SecretBox, config: AIProviderConfig) -> bool:
    """Re-encrypts under the current secret; False when already current."""
    if config.api_key_encrypted is None or box.is_current(config.api_key_encrypted):
        return False
    key = read_key(box, config)
    store_key(box, config, key)
    return True
