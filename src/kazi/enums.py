"""The small vocabularies every part of Kazi shares, each defined once."""

from enum import StrEnum
from typing import Final, Literal


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


# Task names as a person says them, for messages and pages (the enum values are for code).
TASK_LABELS: dict[str, str] = {
    TaskType.EXTRACTION: "job extraction",
    TaskType.CV_DRAFT: "CV drafting",
    TaskType.COVER_LETTER: "cover letter writing",
    TaskType.VALIDATION: "document checking",
    TaskType.CHAT: "chat",
    TaskType.EMBEDDING: "embeddings",
}


def task_label(task_type: str) -> str:
    return TASK_LABELS.get(task_type, task_type.replace("_", " "))


# Routing rules and quota limits may hold for every tier or every task: the API and the
# pages name that "any", the database stores "*" (never a tier or task name).
ANY: Final = "any"
AnyName = Literal["any"]  # the same word, for path parameters
WILDCARD: Final = "*"
ANY_TIER: Final = WILDCARD
ANY_TASK: Final = WILDCARD


def stored_scope(name: str) -> str:
    """A tier or task as stored: "any" becomes the wildcard."""
    return WILDCARD if name == ANY else str(name)


def shown_scope(stored: str) -> str:
    """A stored tier or task as the API and the pages name it."""
    return ANY if stored == WILDCARD else stored
