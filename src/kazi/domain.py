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
