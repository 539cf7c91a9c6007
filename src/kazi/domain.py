"""The small vocabularies every part of Kazi shares, each defined once."""

from enum import StrEnum


class Tier(StrEnum):
    """Subscription tiers, cheapest first."""

    FREE = "free"
    PRO = "pro"
    PREMIUM = "premium"


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


class TaskType(StrEnum):
    """The kinds of AI work Kazi routes; each may go to a different provider and model."""

    EXTRACTION = "extraction"
    CV_DRAFT = "cv_draft"
    COVER_LETTER = "cover_letter"
    VALIDATION = "validation"
    CHAT = "chat"
    EMBEDDING = "embedding"
