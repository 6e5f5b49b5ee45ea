"""A tiny Prometheus text registry: counters, gauges and one histogram, with labels.

Hand-written because the application needs four series and no process-wide global state:
each app gets its own ``Metrics``, so tests never see each other's counts.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _labels(pairs: tuple[tuple[str, str], ...]) -> str:
    if not pairs:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in pairs)
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


@dataclass
class Counter:
    name: str
    help: str
    kind: str = "counter"
    values: dict[tuple, float] = field(default_factory=lambda: defaultdict(float))

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        self.values[tuple(sorted(labels.items()))] += amount

    def get(self, **labels: str) -> float:
        return self.values.get(tuple(sorted(labels.items())), 0.0)

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]
        lines += [f"{self.name}{_labels(k)} {v:g}" for k, v in sorted(self.values.items())]
        return lines


@dataclass
class Gauge(Counter):
    kind: str = "gauge"

    def set(self, value: float, **labels: str) -> None:
        self.values[tuple(sorted(labels.items()))] = value


@dataclass
class Histogram:
    name: str
    help: str
    buckets: tuple[float, ...] = LATENCY_BUCKETS
    series: dict[tuple, list[float]] = field(default_factory=dict)

    def observe(self, value: float, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        # one slot per bucket, then +Inf, sum
        slots = self.series.setdefault(key, [0.0] * (len(self.buckets) + 2))
        for i, bound in enumerate(self.buckets):
            if value <= bound:
                slots[i] += 1
        slots[-2] += 1
        slots[-1] += value

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        for key, slots in sorted(self.series.items()):
            for bound, count in zip(self.buckets, slots):
                lines.append(f"{self.name}_bucket{_labels(key + (('le', f'{bound:g}'),))} {count:g}")
            lines.append(f"{self.name}_bucket{_labels(key + (('le', '+Inf'),))} {slots[-2]:g}")
            lines.append(f"{self.name}_count{_labels(key)} {slots[-2]:g}")
            lines.append(f"{self.name}_sum{_labels(key)} {slots[-1]:g}")
        return lines


@dataclass
class Metrics:
    messages_in: Counter = field(default_factory=lambda: Counter(
        "pressbot_messages_in_total", "Messages accepted from a platform, by channel."))
    messages_out: Counter = field(default_factory=lambda: Counter(
        "pressbot_messages_out_total", "Messages delivered to a platform, by channel."))
    rejected: Counter = field(default_factory=lambda: Counter(
        "pressbot_rejected_total", "Requests refused, by channel and reason."))
    duplicates: Counter = field(default_factory=lambda: Counter(
        "pressbot_duplicates_total", "Repeated platform messages acknowledged and ignored."))
    delivery_failures: Counter = field(default_factory=lambda: Counter(
        "pressbot_delivery_failures_total", "Failed delivery attempts, by channel and outcome."))
    handling: Histogram = field(default_factory=lambda: Histogram(
        "pressbot_handling_seconds", "Time from receipt to replies queued, by channel."))
    backlog: Gauge = field(default_factory=lambda: Gauge(
        "pressbot_outbox_backlog", "Outbox rows by status (pending, sending, dead)."))

    def render(self) -> str:
        lines: list[str] = []
        for metric in (self.messages_in, self.messages_out, self.rejected, self.duplicates,
                       self.delivery_failures, self.handling, self.backlog):
            lines += metric.render()
        return "\n".join(lines) + "\n"
