"""CPU priorities of pressbot's processes: acknowledgements first, everything else behind them.

The front of ``pressbot serve`` (the web process: callbacks, dashboard, playground) runs at the
priority it was started with; the platforms retry a callback not acknowledged within 5 s. The
handler and the rounds beside it, and every other ``pressbot`` command the office runs on the
same machine (``events``, ``remind``, ``export``, ``import-plan`` ...), run ``BEHIND_FRONT``
steps nicer: they share what the front leaves at one priority, so a command neither delays an
acknowledgement nor takes the cores from the replies for the second or two it runs, and a round
or command holding SQLite's write lock never waits for the CPU behind the handler (or the handler
behind it).
"""
from __future__ import annotations

import contextlib
import os

BEHIND_FRONT = 10  # niceness steps (nice 10 gets about a tenth of the CPU a nice-0 process gets)


def lower_priority(steps: int = BEHIND_FRONT) -> None:
    """Raise this process's niceness by ``steps`` (needs no right; a no-op where unsupported)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(steps)
