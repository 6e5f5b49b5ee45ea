"""Decide, at send time, what becomes of each claimed reminder.

The rules run again on the fresh register: a reminder they no longer produce is cancelled (the
form arrived, the event moved), one past its expiry is dropped (pointless after downtime: the
event is over), one whose recipient cannot be reached is dropped and the office told once, and
the rest are rendered with today's details (a changed place or speaker shows).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.reminders.candidates import Candidate, make_timing
from bot.reminders.periodic import periodic_candidates
from bot.reminders.policy import Policy
from bot.reminders.reconcile import RULE_NAMES
from bot.reminders.register import Recipient, Register, load_register
from bot.reminders.rules import event_candidates
from bot.reminders.texts import reminder_text
from store.models import Role
from store.rules import ROLE_NAMES

log = logging.getLogger(__name__)
UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    rule: str
    event_id: int | None
    unit_id: int | None
    recipient_id: int | None
    recipient_role: str | None
    due_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class SentReminder:
    """What ``pressbot remind --json`` prints: a stable contract."""

    rule: str
    event_id: int | None
    recipient: str
    due_at: datetime
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "event_id": self.event_id, "recipient": self.recipient,
                "due_at": self.due_at.isoformat(), "text": self.text}


@dataclass(frozen=True)
class Outgoing:
    claimed: Claimed
    recipient: Recipient
    sent: SentReminder


@dataclass
class Triage:
    send: list[Outgoing] = field(default_factory=list)
    cancel: list[Claimed] = field(default_factory=list)
    drop: list[Claimed] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)  # new "unreachable" reminder rows

    def keep_only(self, ids: set[int]) -> None:
        """Forget the rows whose lease another worker took meanwhile (it sends them)."""
        self.send = [item for item in self.send if item.claimed.id in ids]
        self.cancel = [c for c in self.cancel if c.id in ids]
        self.drop = [c for c in self.drop if c.id in ids]

    def by_recipient(self) -> dict[Recipient, list[Outgoing]]:
        groups: dict[Recipient, list[Outgoing]] = {}
        for item in self.send:
            groups.setdefault(item.recipient, []).append(item)
        return groups


async def triage(session: AsyncSession, now: datetime, policy: Policy, rows: list[Claimed],
                 *, quiet: bool = False) -> Triage:
    reg, fresh = await _fresh_candidates(session, now, policy, rows)
    out, reported = Triage(), set[str]()
    stale, unreachable = 0, dict[str, int]()  # for the round's one summary line
    for row in rows:
        cand = _report_candidate(row, reg) if row.rule == UNREACHABLE else fresh.get(row.key)
        if cand is None:
            out.cancel.append(row)
            log.debug("提醒 %s 已不再需要（情况已变化），取消", row.key)
        elif cand.expired(now):
            out.drop.append(row)
            stale += 1
            log.debug("提醒 %s 已过时（%s 已过），不再发送", row.key, cand.expires_at)
        elif not cand.recipient.reachable:
            out.drop.append(row)
            unreachable[cand.recipient.name] = unreachable.get(cand.recipient.name, 0) + 1
            log.debug("提醒 %s 无法送达：%s 没有可用的平台账号", row.key, cand.recipient.name)
            out.reports += _reports(cand, reg, now, reported)
        else:
            text = reminder_text(cand.rule, cand.recipient, cand.context)
            due = row.due_at.astimezone(now.tzinfo)
            sent = SentReminder(cand.rule, cand.event_id, cand.recipient.name, due, text)
            out.send.append(Outgoing(row, cand.recipient, sent))
    if not quiet:
        _summarize(len(out.cancel), stale, unreachable)
    return out


SUMMARY_NAMES = 5  # recipients a summary names before "等 N 人"


def _summarize(cancelled: int, stale: int, unreachable: dict[str, int]) -> None:
    """One line per round, not one per reminder (a first round on a new register has hundreds)."""
    parts = []
    if cancelled:
        parts.append(f"{cancelled} 条情况已变化、取消")
    if stale:
        parts.append(f"{stale} 条已过时、不再发送")
    if unreachable:
        names = "、".join(list(unreachable)[:SUMMARY_NAMES])
        more = f"等 {len(unreachable)} 人" if len(unreachable) > SUMMARY_NAMES else ""
        parts.append(f"{sum(unreachable.values())} 条无法送达（{names}{more}没有可用的平台账号）")
    if parts:
        log.info("本轮提醒：%s", "；".join(parts))


async def _fresh_candidates(session: AsyncSession, now: datetime, policy: Policy,
                            rows: list[Claimed]) -> tuple[Register, dict[str, Candidate]]:
    timing = make_timing(policy, reg_tz(now))
    wanted: dict[int, set[str]] = {}
    for r in rows:
        if r.event_id is not None:
            wanted.setdefault(r.event_id, set()).add(r.rule)
    reg = await load_register(session, now, event_ids=wanted)
    # only the rules that made the claimed rows: a round re-checks, it does not recompute
    fresh = {c.key: c for ev in reg.events for c in event_candidates(ev, reg, timing, wanted[ev.id])}
    if any(r.event_id is None and r.rule in RULE_NAMES for r in rows):
        wide = await load_register(session, now, since=date(now.year - 1, 1, 1))
        fresh.update((c.key, c) for c in periodic_candidates(wide, timing))
    return reg, fresh


def _report_candidate(row: Claimed, reg: Register) -> Candidate:
    office = reg.person(row.recipient_id) or Recipient(None, Role.OFFICE, None, ROLE_NAMES[Role.OFFICE])
    return Candidate(UNREACHABLE, office, row.due_at, None, None, row.unit_id, row.payload)


def _reports(cand: Candidate, reg: Register, now: datetime, reported: set[str]) -> list[dict]:
    """Tell the office, once per unreachable recipient (the key has no date)."""
    who = cand.recipient
    if who.role in (Role.OFFICE, Role.ADMIN):
        log.warning("政务公开办没有可送达的成员，提醒 %s 无法发出", cand.key)
        return []
    unit = reg.units.get(who.unit_id) if who.unit_id is not None else None
    context = {"who": who.name, "who_role": ROLE_NAMES.get(who.role, who.role), "unit": unit.name if unit else "",
               "registered": who.person_id is not None}
    rows = []
    for office in reg.recipients(Role.OFFICE):
        key = f"{UNREACHABLE}:{who.ref}:{office.ref}"
        if key not in reported:
            reported.add(key)
            rows.append({"key": key, "rule": UNREACHABLE, "event_id": None, "unit_id": who.unit_id,
                         "recipient_id": office.person_id, "recipient_role": Role.OFFICE, "due_at": now,
                         "status": "pending", "payload": context})
    return rows


def reg_tz(now: datetime) -> tzinfo:
    """The zone of the round's ``now`` (the clock's, always aware)."""
    assert now.tzinfo is not None
    return now.tzinfo
