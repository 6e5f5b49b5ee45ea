"""``database_url`` set only in the config file worked for ``serve`` and not for ``events``
(and ``history``, ``export``, ``demo``, ``remind``), which read the environment themselves."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def pressbot(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def clean_env(monkeypatch) -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PRESSBOT_")}


def test_a_database_url_in_the_config_file_reaches_every_command(tmp_path, clean_env):
    db = tmp_path / "from-config.db"
    config = tmp_path / "pressbot.toml"
    config.write_text(f'database_url = "sqlite+aiosqlite:///{db}"\ntimezone = "Asia/Urumqi"\n', encoding="utf-8")
    env = {**clean_env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    demo = pressbot("--config", str(config), "demo", cwd=tmp_path, env=env)
    assert demo.returncode == 0, demo.stderr
    assert db.is_file() and not (tmp_path / "pressbot.db").exists()
    events = pressbot("--config", str(config), "events", "--json", cwd=tmp_path, env=env)
    assert events.returncode == 0, events.stderr
    listed = json.loads(events.stdout)
    assert listed and all(e["start_at"] is None or e["start_at"].endswith("+06:00") for e in listed)
    via_env = pressbot("events", "--json", cwd=tmp_path, env={**env, "PRESSBOT_CONFIG": str(config)})
    assert json.loads(via_env.stdout) == listed
    reminders = pressbot("--config", str(config), "remind", "--dry-run", "--json", cwd=tmp_path, env=env)
    assert reminders.returncode == 0, reminders.stderr
    assert not (tmp_path / "pressbot.db").exists()


def test_a_typo_in_the_config_file_stops_every_command(tmp_path, clean_env):
    config = tmp_path / "pressbot.toml"
    config.write_text('databse_url = "sqlite+aiosqlite:///x.db"\n', encoding="utf-8")
    env = {**clean_env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for command in (("events",), ("reminders",), ("parse", "我局5月份开发布会")):
        done = pressbot("--config", str(config), *command, cwd=tmp_path, env=env)
        assert done.returncode == 2 and "databse_url" in done.stderr, command
