"""The usage repository: every query of the usage tables, and only here.

`writes` is the recorder's batch write (its SQL in `batch_sql`), `reads` the usage
API's queries, `dashboard` the admin dashboard's. Callers outside the usage package go
through `kazi.usage.service`; the recorder calls `write_batch` from here, through the
pool `writer_engine` gives it. The shapes the queries take and return are in
`kazi.usage.figures`.
"""

from kazi.usage.repository.dashboard import DashboardUsage
from kazi.usage.repository.reads import UsageRepository
from kazi.usage.repository.writes import (
    MAX_PAGE_ROWS,
    pages,
    supports,
    write_batch,
    writer_engine,
)

__all__ = [
    "MAX_PAGE_ROWS",
    "DashboardUsage",
    "UsageRepository",
    "pages",
    "supports",
    "write_batch",
    "writer_engine",
]
