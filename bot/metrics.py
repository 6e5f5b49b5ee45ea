"""The service's Prometheus metrics (``prometheus_client``), one registry per app.

A registry of its own per ``Metrics`` (not the library's process-wide default) keeps the
tests' apps from seeing each other's counts. Call sites say ``metrics.rejected.inc(channel=…,
reason=…)``; ``get`` reads a value back (tests, the health page).
"""
from __future__ import annotations

from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Series:
    """A labelled metric addressed by keyword labels."""

    def __init__(self, metric: Any, registry: CollectorRegistry, sample: str) -> None:
        self.metric, self.registry, self.sample = metric, registry, sample

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        self.metric.labels(**labels).inc(amount)

    def set(self, value: float, **labels: str) -> None:
        self.metric.labels(**labels).set(value)

    def observe(self, value: float, **labels: str) -> None:
        self.metric.labels(**labels).observe(value)

    def get(self, **labels: str) -> float:
        return self.registry.get_sample_value(self.sample, labels) or 0.0


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)

        def counter(name: str, doc: str, *labels: str) -> Series:
            return Series(Counter(name, doc, labels, registry=self.registry), self.registry, f"{name}_total")

        self.messages_in = counter("pressbot_messages_in", "Messages accepted from a platform, by channel.",
                                   "channel")
        self.messages_out = counter("pressbot_messages_out", "Messages delivered to a platform, by channel.",
                                    "channel")
        self.rejected = counter("pressbot_rejected", "Requests refused, by channel and reason.", "channel", "reason")
        self.duplicates = counter("pressbot_duplicates", "Repeated platform messages acknowledged and ignored.",
                                  "channel")
        self.delivery_failures = counter("pressbot_delivery_failures",
                                         "Failed delivery attempts, by channel and outcome.", "channel", "outcome")
        self.handling = Series(Histogram("pressbot_handling_seconds",
                                         "Time from receipt to replies queued, by channel.",
                                         ("channel",), buckets=LATENCY_BUCKETS, registry=self.registry),
                               self.registry, "pressbot_handling_seconds_count")
        self.backlog = Series(Gauge("pressbot_outbox_backlog", "Outbox rows by status (pending, sending, dead).",
                                    ("status",), registry=self.registry), self.registry, "pressbot_outbox_backlog")

        self.inbox_waiting = Gauge("pressbot_inbox_waiting", "Messages stored and due, not handled yet.",
                                   registry=self.registry)
        self.inbox_oldest = Gauge("pressbot_inbox_oldest_waiting_seconds",
                                  "How long the oldest message not handled yet has waited.", registry=self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)
