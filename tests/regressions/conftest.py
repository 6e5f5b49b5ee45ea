"""The fixtures of the channel and web tests, for regression tests that need a running bot."""
from tests.channels.conftest import bot, dingtalk, sqlite_url, start_bot, wecom_api  # noqa: F401
from tests.web.conftest import site, start_site  # noqa: F401
