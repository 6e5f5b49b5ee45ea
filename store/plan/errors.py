"""The one error of reading a plan file, apart so that the readers and their guards share it."""
from __future__ import annotations


class PlanFileError(ValueError):
    """A plan that cannot be imported; the message names the place, in Chinese."""
