"""The quota check the router performs before every call, as a protocol with a no-op default.

The router asks the guard for a reservation once it knows a provider will be called
(the built-in engine is free and never counted). A reservation is settled with the
call's cost when the call succeeds, and released when every provider failed.
"""

from typing import Protocol


class Reservation(Protocol):
    async def settle(self, cost_micro_usd: int | None) -> None:
        """The call was made: adds its cost to the counters that cap spending."""

    async def release(self) -> None:
        """The call failed: gives the reserved call back."""


class QuotaGuard(Protocol):
    async def reserve(self, user_id: int | None, tier: str, task_type: str) -> Reservation:
        """Counts one call against every applicable limit, or raises QuotaExceeded."""


class _NoReservation:
    async def settle(self, cost_micro_usd: int | None) -> None:
        return None

    async def release(self) -> None:
        return None


NO_RESERVATION: Reservation = _NoReservation()


class NoQuota:
    """Every call is allowed; nothing is counted."""

    async def reserve(self, user_id: int | None, tier: str, task_type: str) -> Reservation:
        return NO_RESERVATION
