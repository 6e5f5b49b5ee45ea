"""Chat replies showed exact times in Asia/Shanghai whatever PRESSBOT_TIMEZONE said."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.handlers.common import event_view
from store.models import Event, Unit


def test_exact_time_is_shown_in_the_zone_given():
    event = Event(id=1, kind="press_conference", topic="招生政策", status="scheduled",
                  window_start=date(2026, 3, 18), window_end=date(2026, 3, 18),
                  start_at=datetime(2026, 3, 18, 7, 0, tzinfo=UTC), unit=Unit(name="区教育局"))
    assert event_view(event, ZoneInfo("Asia/Shanghai"))["when"] == "2026年3月18日（周三）15:00"
    assert event_view(event, ZoneInfo("Asia/Urumqi"))["when"] == "2026年3月18日（周三）13:00"
