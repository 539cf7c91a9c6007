"""Imports every table module, so `Base.metadata` knows the whole schema."""

from kazi.db import Base
from kazi.documents.models import StoredDocument
from kazi.jobs.models import Job
from kazi.profiles.models import StoredProfile
from kazi.providers.models import AIProviderConfig, ModelPriceOverride, ProviderTaskDefault
from kazi.routing.models import RoutingCandidate
from kazi.usage.models import AIProviderUsageLog, UsageDailyRollup
from kazi.users.models import AccessToken, User

__all__ = [
    "AIProviderConfig",
    "AIProviderUsageLog",
    "AccessToken",
    "Base",
    "Job",
    "ModelPriceOverride",
    "ProviderTaskDefault",
    "RoutingCandidate",
    "StoredDocument",
    "StoredProfile",
    "UsageDailyRollup",
    "User",
]
