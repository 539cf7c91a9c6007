"""Imports every table module, so `Base.metadata` knows the whole schema."""

from kazi.db import Base
from kazi.jobs.models import Job
from kazi.profiles.models import StoredProfile
from kazi.users.models import AccessToken, User

__all__ = ["AccessToken", "Base", "Job", "StoredProfile", "User"]
