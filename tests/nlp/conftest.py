"""Fixtures for the message-understanding tests: the examples' unit directory."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlp.units import UnitDirectory

UNITS_FILE = Path(__file__).parent.parent / "data" / "nlu_examples_units.txt"


@pytest.fixture(scope="session")
def units() -> UnitDirectory:
    return UnitDirectory.from_file(UNITS_FILE)
