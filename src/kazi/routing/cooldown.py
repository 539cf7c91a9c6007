"""Cools down a provider that failed K times in a row, for N seconds.

In-process here; a shared store can replace it when several workers run.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CooldownPolicy:
    failures_to_trip: int = 3
    cooldown_s: float = 30.0


@dataclass
class Cooldowns:
    policy: CooldownPolicy = field(default_factory=CooldownPolicy)
    clock: Callable[[], float] = time.monotonic
    _failures: dict[int, int] = field(default_factory=dict)
    _until: dict[int, float] = field(default_factory=dict)

    def is_cooled_down(self, provider_id: int) -> bool:
        until = self._until.get(provider_id)
        if until is None:
            return False
        if self.clock() >= until:
            del self._until[provider_id]  # cooled off: the next call tries it again
            return False
        return True

    def failed(self, provider_id: int) -> None:
        count = self._failures.get(provider_id, 0) + 1
        self._failures[provider_id] = count
        if count >= self.policy.failures_to_trip:
            self._until[provider_id] = self.clock() + self.policy.cooldown_s
            self._failures[provider_id] = 0

    def succeeded(self, provider_id: int) -> None:
        self._failures.pop(provider_id, None)
