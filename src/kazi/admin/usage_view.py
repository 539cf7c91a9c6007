"""Turns the dashboard's usage figures into tables and charts."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from markupsafe import Markup

from kazi.admin import charts
from kazi.admin.render import number, usd
from kazi.usage.figures import DayRow, Latency, Totals, UserCost
from kazi.usage.latency import RELATIVE_WIDTH
from kazi.usage.record import UsageStatus

_COUNTED = tuple(f.name for f in fields(Totals))


@dataclass(slots=True)
class Sums(Totals):
    """The usage totals, summed here from rollup rows for the charts."""

    def add(self, row: DayRow) -> None:
        for name in _COUNTED:
            setattr(self, name, getattr(self, name) + getattr(row, name))

    @property
    def average_latency_ms(self) -> float | None:
        return self.latency_ms_total / self.calls if self.calls else None


@dataclass
class Chart:
    """An SVG and the figures it shows, as table rows (the first row is the header)."""

    svg: Markup
    rows: list[list[str]]
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, name)
    details: list[list[str]] = field(default_factory=list)


def days_between(since: date, until: date) -> list[date]:
    return [since + timedelta(days=i) for i in range((until - since).days + 1)]


def _money(value: float) -> str:
    return usd(round(value))


def _count(value: float) -> str:
    return number(round(value))


def cost_chart(rows: Sequence[DayRow], days: list[date]) -> Chart:
    by_provider: dict[str, Sums] = defaultdict(Sums)
    per_day: dict[tuple[str, date], int] = defaultdict(int)
    for row in rows:
        by_provider[row.provider].add(row)
        per_day[(row.provider, row.day)] += row.cost_micro_usd
    names = sorted(by_provider, key=lambda n: (-by_provider[n].cost_micro_usd, n))
    series = [charts.Series(n, [per_day[(n, d)] for d in days]) for n in names]
    labels = [d.strftime("%d %b") for d in days]
    svg = charts.stacked_bars("Cost per day by provider", labels, series, _money)
    table = [["Provider", "Calls", "Cost", "Unpriced calls"]]
    table += [
        [n, number(s.calls), usd(s.cost_micro_usd), number(s.unpriced_calls)]
        for n, s in ((n, by_provider[n]) for n in names)
    ]
    details = [["Day", "Cost"]]
    details += [[d.isoformat(), usd(sum(per_day[(n, d)] for n in names))] for d in days]
    legend = [(charts.colour(i), n) for i, n in enumerate(names)]
    return Chart(svg, table, legend, details)


def token_chart(rows: Sequence[DayRow], days: list[date], totals: Sums) -> Chart:
    per_day: dict[date, Sums] = defaultdict(Sums)
    for row in rows:
        per_day[row.day].add(row)
    directions: list[tuple[str, Callable[[Sums], int]]] = [
        ("Input (not cached)", lambda s: s.input_tokens - s.cached_tokens),
        ("Input (cached)", lambda s: s.cached_tokens),
        ("Output", lambda s: s.output_tokens),
    ]
    series = [charts.Series(name, [pick(per_day[d]) for d in days]) for name, pick in directions]
    labels = [d.strftime("%d %b") for d in days]
    svg = charts.stacked_bars("Tokens per day by direction", labels, series, _count)
    table = [["Direction", "Tokens"]]
    table += [[name, number(pick(totals))] for name, pick in directions]
    legend = [(charts.colour(i), name) for i, (name, _) in enumerate(directions)]
    return Chart(svg, table, legend)


def status_chart(totals: Sums, failures: dict[str, int]) -> Chart:
    counts = {str(UsageStatus.SUCCESS): totals.calls - totals.errors}
    for known in UsageStatus:
        if known is not UsageStatus.SUCCESS:
            counts[str(known)] = failures.get(str(known), 0)
    for name, count in failures.items():
        counts.setdefault(name, count)
    items = [(name, float(count)) for name, count in counts.items()]
    classes = ["ok" if name == UsageStatus.SUCCESS else "bad" for name, _ in items]
    svg = charts.horizontal_bars("Calls by status", items, _count, classes)
    table = [["Status", "Calls", "Share"]]
    for name, count in counts.items():
        share = f"{100 * count / totals.calls:.1f} %" if totals.calls else "–"
        table.append([name, number(count), share])
    return Chart(svg, table)


def latency_chart(latencies: Sequence[Latency]) -> Chart:
    items = [(f"{x.provider} · {x.task}", x.p50, x.p95, x.p99) for x in latencies]
    svg = charts.latency_ranges("Latency percentiles per provider and task", items)
    table = [["Provider", "Task", "Calls", "p50 ms", "p95 ms", "p99 ms"]]
    table += [
        [x.provider, x.task, number(x.calls), *(f"≈ {p:,.0f}" for p in (x.p50, x.p95, x.p99))]
        for x in latencies
    ]
    return Chart(svg, table)


def latency_note(one_user: bool, sample: int, retention_days: int) -> str:
    """Where the percentiles come from, and how exact they are."""
    if one_user:
        source = (
            f"For one user: the newest {number(sample)} successful calls of the range among"
            f" those kept as raw rows (the last {retention_days} days)"
        )
    else:
        source = "Every successful call of the range"
    return (
        f"{source}, counted in latency buckets about {100 * RELATIVE_WIDTH:.0f} % wide:"
        " each percentile is within a bucket of the exact figure."
        " Dark: median; light: up to p95; line: up to p99."
    )


def users_chart(users: Sequence[UserCost], emails: dict[int, str]) -> Chart:
    def name(user_id: int) -> str:
        return emails.get(user_id, "no user" if user_id == 0 else f"user {user_id}")

    items = [(name(u.user_id), float(u.cost_micro_usd)) for u in users]
    svg = charts.horizontal_bars("Top users by cost", items, _money)
    table = [["User", "Calls", "Cost"]]
    table += [[name(u.user_id), number(u.calls), usd(u.cost_micro_usd)] for u in users]
    return Chart(svg, table)


def totals_of(rows: Sequence[DayRow]) -> Sums:
    sums = Sums()
    for row in rows:
        sums.add(row)
    return sums
