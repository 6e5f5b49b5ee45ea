"""``pressbot demo``, the signatures under links and cookies, and the web settings."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bot.clock import DEFAULT_TZ
from bot.demo import shift_row
from bot.settings import ConfigError, load_settings
from bot.web.signing import LinkCheck, check_link, read_session, session_value, signed_link
from store.db import make_engine, make_sessionmaker
from store.models import Event, Person
from store.plan.rows import PlanRow


@pytest.fixture
def demo(monkeypatch, tmp_path, capsys):
    from bot.cli import main

    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("PRESSBOT_DATABASE_URL", url)

    def run(*argv: str) -> tuple[int, str]:
        code = main(["demo", *argv])
        return code, capsys.readouterr().err

    run.url = url
    return run


async def _counts(url: str) -> tuple[int, int, set[int]]:
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as s:
        events = await s.scalar(select(func.count()).select_from(Event))
        people = await s.scalar(select(func.count()).select_from(Person).where(Person.platform == "console"))
        years = set(await s.scalars(select(Event.plan_year).distinct()))
    await engine.dispose()
    return events, people, years


def test_demo_fills_a_fresh_database_in_the_current_year(demo):
    import asyncio
    from datetime import datetime

    code, err = demo()
    assert code == 0
    year = datetime.now(DEFAULT_TZ).year  # the demo's zone (PRESSBOT_TIMEZONE unset)
    assert f"已整体平移到{year}年" in err and "pressbot serve" in err and "/playground" in err
    events, people, years = asyncio.run(_counts(demo.url))
    assert events == 64 and people == 9 and years == {year}


def test_demo_twice_is_fine_and_adds_nothing(demo):
    import asyncio

    demo()
    code, err = demo()  # README's install-and-run command may be run again
    assert code == 0 and "已在数据库中" in err
    assert asyncio.run(_counts(demo.url))[0] == 64


def test_demo_refuses_a_database_with_other_events(demo, data_dir):
    import asyncio

    from bot.cli import main

    assert main(["import-plan", str(data_dir / "plan_tongguan_2024.txt"), "--create-units"]) == 0
    code, err = demo()
    assert code == 1 and "--force" in err
    assert asyncio.run(_counts(demo.url))[:2] == (28, 0)  # nothing of the demo was loaded
    assert demo("--force")[0] == 0


def test_shifting_moves_windows_and_years_in_the_text():
    row = PlanRow(place="第 1 行", plan_year=2021, seq=3, unit="县统计局", co_units=[], kind="press_conference",
                  subtype=None, topic="2020年全县经济运行情况解读", start=date(2021, 4, 1), end=date(2021, 4, 30),
                  window_text="2021年4月")
    moved = shift_row(row, 2026)
    assert (moved.start, moved.end, moved.plan_year) == (date(2026, 4, 1), date(2026, 4, 30), 2026)
    assert moved.window_text == "2026年4月" and moved.topic == "2025年全县经济运行情况解读"


def test_shifting_a_29_february():
    row = PlanRow(place="", plan_year=2024, seq=1, unit="x", co_units=[], kind="press_conference", subtype=None,
                  topic="t", start=date(2024, 2, 29), end=date(2024, 2, 29), window_text="2月29日")
    assert shift_row(row, 2026).start == date(2026, 2, 28)


KEY = b"k" * 32
PATH = "/download/stats.xlsx"
PARAMS = {"from": "2026-01-01", "to": "2026-06-30"}


def _query(link: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(link).query))


def test_a_signed_link_checks_until_it_expires():
    query = _query(signed_link(KEY, PATH, PARAMS, expires=1000))
    assert check_link(KEY, PATH, query, now=999) is LinkCheck.OK
    assert check_link(KEY, PATH, query, now=1000) is LinkCheck.EXPIRED


@pytest.mark.parametrize("path,change", [
    (PATH, {"to": "2026-12-31"}), (PATH, {"event": "7"}), ("/download/plan.xlsx", {}),
    (PATH, {"exp": "2000"}), (PATH, {"exp": "soon"}),
], ids=["period", "added-param", "path", "expiry", "expiry-not-a-number"])
def test_a_changed_link_is_bad(path, change):
    query = {**_query(signed_link(KEY, PATH, PARAMS, expires=1000)), **change}
    assert check_link(KEY, path, query, now=0) is LinkCheck.BAD


def test_another_key_is_bad_and_no_signature_is_missing():
    query = _query(signed_link(KEY, PATH, PARAMS, expires=1000))
    assert check_link(b"other", PATH, query, now=0) is LinkCheck.BAD
    assert check_link(KEY, PATH, PARAMS, now=0) is LinkCheck.MISSING


def test_session_cookie_names_its_person_until_it_expires():
    value = session_value(KEY, 42, 1000)
    assert read_session(KEY, value, now=999) == 42
    assert read_session(KEY, value, now=1000) is None
    assert read_session(KEY, value.replace("42.", "43.", 1), now=0) is None
    assert read_session(b"other", value, now=0) is None


@pytest.mark.parametrize("env,expected", [
    ({}, True),
    ({"PRESSBOT_PLAYGROUND": "off"}, False),
    ({"PRESSBOT_WECOM_BOT_TOKEN": "t", "PRESSBOT_WECOM_BOT_AES_KEY": "a" * 43}, False),
    ({"PRESSBOT_WECOM_BOT_TOKEN": "t", "PRESSBOT_WECOM_BOT_AES_KEY": "a" * 43, "PRESSBOT_PLAYGROUND": "on"}, True),
], ids=["no-channel", "off", "channel", "channel-and-on"])
def test_playground_is_on_only_without_a_channel_unless_asked(env, expected):
    assert load_settings(env).playground_enabled() is expected


def test_a_bad_playground_setting_is_a_config_error():
    with pytest.raises(ConfigError, match="PRESSBOT_PLAYGROUND"):
        load_settings({"PRESSBOT_PLAYGROUND": "maybe"})


def test_public_url_loses_its_trailing_slash():
    assert load_settings({"PRESSBOT_PUBLIC_URL": "https://bot.example.gov.cn/"}).public_url == \
        "https://bot.example.gov.cn"
