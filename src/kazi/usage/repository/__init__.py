"""The usage repository: every query of the usage tables, and only here.

`writes` is the recorder's batch write (its SQL in `batch_sql`), `reads` the usage
API's queries, `dashboard` the admin dashboard's. Callers outside the usage package go
through `kazi.usage.service`; the recorder calls `write_batch` from here.
"""

from kazi.usage.repository.dashboard import (
    USER_LATENCY_SAMPLE,
    BucketCount,
    DashboardUsage,
    DayRow,
    Latency,
    ProviderUsage,
    UsageQuery,
    UserCost,
    latencies,
)
from kazi.usage.repository.reads import Summary, Totals, UsageFilters, UsageRepository
from kazi.usage.repository.writes import MAX_PAGE_ROWS, pages, supports, write_batch

__all__ = [
    "MAX_PAGE_ROWS",
    "USER_LATENCY_SAMPLE",
    "BucketCount",
    "DashboardUsage",
    "DayRow",
    "Latency",
    "ProviderUsage",
    "Summary",
    "Totals",
    "UsageFilters",
    "UsageQuery",
    "UsageRepository",
    "UserCost",
    "latencies",
    "pages",
    "supports",
    "write_batch",
]
