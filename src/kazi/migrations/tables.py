"""Imports every table module, so `Base.metadata` knows the whole schema."""

from kazi.applications.models import Application
from kazi.audit.models import AuditEntry
from kazi.documents.models import StoredDocument
from kazi.gateway.models import ModelAlias
from kazi.jobs.models import Job
from kazi.kit.db import Base
from kazi.profiles.models import StoredProfile
from kazi.providers.models import AIProviderConfig, ModelPriceOverride, ProviderTaskDefault
from kazi.quotas.models import QuotaCounter, QuotaLimit
from kazi.routing.models import RoutingCandidate
from kazi.usage.models import (
    AIProviderUsageLog,
    UsageDailyLatency,
    UsageDailyRollup,
    UsageDailyTotal,
    UsageDailyUserTotal,
)
from kazi.users.models import AccessToken, User

__all__ = [
    "AIProviderConfig",
    "AIProviderUsageLog",
    "AccessToken",
    "Application",
    "AuditEntry",
    "Base",
    "Job",
    "ModelAlias",
    "ModelPriceOverride",
    "ProviderTaskDefault",
    "QuotaCounter",
    "QuotaLimit",
    "RoutingCandidate",
    "StoredDocument",
    "StoredProfile",
    "UsageDailyLatency",
    "UsageDailyRollup",
    "UsageDailyTotal",
    "UsageDailyUserTotal",
    "User",
]
