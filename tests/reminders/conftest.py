"""Fixtures for the reminder tests: a sessionmaker, the default policy, and a small office."""
from __future__ import annotations

import pytest

from bot.reminders import load_policy
from store.db import make_sessionmaker
from tests.reminders.reminder_helpers import Office


@pytest.fixture
def policy():
    return load_policy({})


@pytest.fixture
def maker(engine):
    return make_sessionmaker(engine)


@pytest.fixture
def office(maker, policy) -> Office:
    return Office(maker, policy)
