"""Reminders and escalations: rows in the database, delivered exactly once through the outbox.

- ``policy``: the deadlines as data (``load_policy`` reads the ``[reminders]`` table).
- ``calendar``: working days (Chinese holidays and make-up workdays).
- ``rules`` / ``periodic``: rule tables turning the register into candidate reminders.
- ``reconcile``: ``recompute`` and ``on_event_changed`` keep the rows in line with the register.
- ``delivery`` / ``triage``: ``run_round`` claims due rows with a lease and writes the outbox.
- ``scheduler``: ``run_scheduler`` for ``pressbot serve``.
"""
from bot.reminders.policy import Policy, PolicyError, load_policy, load_policy_file

__all__ = ["Policy", "PolicyError", "load_policy", "load_policy_file",
           "recompute", "on_event_changed", "run_round", "run_scheduler"]


def __getattr__(name: str):
    # the database parts are imported on first use, so that reading a policy stays cheap
    if name in ("recompute", "on_event_changed"):
        from bot.reminders import reconcile
        return getattr(reconcile, name)
    if name == "run_round":
        from bot.reminders.delivery import run_round
        return run_round
    if name == "run_scheduler":
        from bot.reminders.scheduler import run_scheduler
        return run_scheduler
    raise AttributeError(name)
