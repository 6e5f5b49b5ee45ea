"""The fixtures of the channel and web tests, for regression tests that need a running bot."""
import pytest

import store.db
from tests.channels.conftest import bot, dingtalk, sqlite_url, start_bot, wecom_api  # noqa: F401
from tests.web.conftest import site, start_site  # noqa: F401


@pytest.fixture
def short_busy_timeout(monkeypatch):
    """The other writer holds the lock longer than the busy timeout (made short here)."""
    original = store.db._sqlite_pragmas

    def pragmas(conn, record):
        original(conn, record)
        cur = conn.cursor()
        cur.execute("PRAGMA busy_timeout=100")
        cur.close()

    monkeypatch.setattr(store.db, "_sqlite_pragmas", pragmas)
    monkeypatch.setattr(store.db, "LOCK_WAIT", 0.1)  # and longer than the wait for it
