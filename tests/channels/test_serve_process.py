"""``pressbot serve`` and ``pressbot chat`` as real processes."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.channels.conftest import AES_KEY, CORP_ID, TOKEN, bot_env
from tests.fakes.messenger import WeComSigner, wecom_text_xml

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pressbot(*args: str, env: dict[str, str], **kw) -> subprocess.Popen:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSBOT_")}
    return subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env={**full_env, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


async def wait_until(check, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def healthy(port: int) -> bool:
    try:
        async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{port}/healthz") as r:
            return r.status == 200
    except aiohttp.ClientError:
        return False


def outbox_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("select status, attempts from outbox").fetchall()
        except sqlite3.OperationalError:
            return []


async def test_a_half_configured_channel_stops_start_up_naming_the_setting(tmp_path):
    proc = pressbot("serve", "--port", str(free_port()),
                    env={"PRESSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
                         "PRESSBOT_DINGTALK_APP_KEY": "k"})
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "PRESSBOT_DINGTALK_APP_SECRET" in err


async def test_pending_replies_are_delivered_after_the_server_is_killed_and_restarted(tmp_path, wecom_api):
    db = tmp_path / "bot.db"
    env = bot_env(f"sqlite+aiosqlite:///{db}", wecom_api, PRESSBOT_OUTBOX_BACKOFF_BASE="0.5")
    port = free_port()
    wecom_api.switch.fail_next = 10_000  # WeCom is down
    server = pressbot("serve", "--port", str(port), env=env)
    try:
        await wait_until(lambda: healthy(port), what="first server")
        signer = WeComSigner(TOKEN, AES_KEY, CORP_ID)
        now = int(time.time())
        xml = wecom_text_xml(user="zhangsan", content="我局5月中旬开发布会", msg_id="9001",
                             create_time=now, corp_id=CORP_ID)
        query, body = signer.app_post(xml, now)
        async with aiohttp.ClientSession() as s:
            async with s.post(f"http://127.0.0.1:{port}/wecom/callback", params=query, data=body) as r:
                assert r.status == 200
        await wait_until(lambda: any(a >= 1 for _, a in outbox_rows(db)),
                         what="a failed first attempt")
    finally:
        server.send_signal(signal.SIGKILL)
        server.communicate(timeout=10)
    assert outbox_rows(db)[0][0] in ("pending", "sending")
    assert wecom_api.sent == []

    wecom_api.switch.fail_next = 0  # WeCom is back
    restarted = pressbot("serve", "--port", str(port), env=env)
    try:
        await wait_until(lambda: len(wecom_api.sent) >= 1, what="delivery after restart")
        await wait_until(lambda: [r[0] for r in outbox_rows(db)] == ["sent"],
                         what="row marked sent")
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.communicate(timeout=20)
    assert len(wecom_api.sent) == 1
    assert wecom_api.sent[0].body["touser"] == "zhangsan"


def directory_db(db: Path) -> str:
    """A migrated SQLite file whose directory has 张三 (zhangsan), liaison of 区教育局; its URL."""
    from store.migrate import upgrade

    url = f"sqlite+aiosqlite:///{db}"
    upgrade(url)
    with sqlite3.connect(db) as conn:
        conn.execute("insert into units (id, name, aliases, is_key) values (1, '区教育局', '[]', 1)")
        conn.execute("insert into people (platform, user_id, name, unit_id, role, active) "
                     "values ('wecom', 'zhangsan', '张三', 1, 'liaison', 1)")
    return url


def test_chat_answers_a_directory_person_from_piped_stdin(tmp_path):
    url = directory_db(tmp_path / "chat.db")
    proc = subprocess.run([sys.executable, "-m", "bot", "chat", "--as", "zhangsan"], cwd=ROOT,
                          input="我局5月中旬开秋季招生政策解读发布会\n\n你好\n", capture_output=True,
                          text=True, timeout=60,
                          env={**{k: v for k, v in os.environ.items() if not k.startswith("PRESSBOT_")},
                               "PRESSBOT_DATABASE_URL": url})
    assert proc.returncode == 0, proc.stderr
    replies = [line for line in proc.stdout.splitlines() if line.startswith("助手：")]
    assert len(replies) == 2
    assert replies[0].startswith("助手：已登记")
    assert "区教育局" in proc.stdout and "秋季招生政策解读" in proc.stdout


async def test_a_starting_server_acknowledges_at_once_and_healthz_says_starting_until_it_handles(tmp_path, wecom_api):
    """A (re)start acknowledges what the platforms send as soon as it listens: /healthz is 503
    "starting" until the handler process has rehearsed, then 200, and the message stored
    meanwhile is answered."""
    db = tmp_path / "bot.db"
    env = bot_env(directory_db(db), wecom_api)
    port = free_port()
    server = pressbot("serve", "--port", str(port), env=env)
    seen: list[tuple[int, str]] = []
    try:
        async with aiohttp.ClientSession() as s:
            async def health() -> bool:
                try:
                    async with s.get(f"http://127.0.0.1:{port}/healthz") as r:
                        seen.append((r.status, (await r.json())["handling"]))
                        return True
                except aiohttp.ClientError:
                    return False

            await wait_until(health, timeout=60, what="listening")
            signer = WeComSigner(TOKEN, AES_KEY, CORP_ID)
            now = int(time.time())
            xml = wecom_text_xml(user="zhangsan", content="本月有哪些发布会", msg_id="9101",
                                 create_time=now, corp_id=CORP_ID)
            query, body = signer.app_post(xml, now)
            async with s.post(f"http://127.0.0.1:{port}/wecom/callback", params=query, data=body) as r:
                assert r.status == 200
            await wait_until(lambda: healthy(port), timeout=60, what="ready")
            await health()
        await wait_until(lambda: len(wecom_api.sent) == 1, what="the answer")
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=20)
    assert seen[-1] == (200, "ready")
    assert all(entry in ((503, "starting"), (200, "ready")) for entry in seen)
    assert wecom_api.sent[0].body["touser"] == "zhangsan"


async def test_with_a_systemd_socket_a_killed_server_refuses_nothing_while_it_restarts(tmp_path, wecom_api):
    """Socket activation: the socket outlives ``serve``; what arrives between a kill -9 and the
    new process listening waits in its queue and is acknowledged and answered, once each."""
    db = tmp_path / "bot.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSBOT_")}
    env.update(bot_env(directory_db(db), wecom_api))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port, fd = listener.getsockname()[1], listener.fileno()

    def start() -> subprocess.Popen:
        return subprocess.Popen(
            ["/bin/sh", "-c", 'LISTEN_FDS=1 LISTEN_PID=$$ exec "$0" "$@"', sys.executable, "-m", "bot", "serve",
             "--port", "1"], cwd=ROOT, env=env, pass_fds=(3,), preexec_fn=lambda: os.dup2(fd, 3),  # noqa: PLW1509
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    signer = WeComSigner(TOKEN, AES_KEY, CORP_ID)

    async def send(s: aiohttp.ClientSession, n: int) -> int:
        now = int(time.time())
        xml = wecom_text_xml(user="zhangsan", content="本月有哪些发布会", msg_id=f"95{n:02d}", create_time=now,
                             corp_id=CORP_ID)
        query, body = signer.app_post(xml, now, nonce=f"n{n}")
        async with s.post(f"http://127.0.0.1:{port}/wecom/callback", params=query, data=body,
                          timeout=aiohttp.ClientTimeout(total=30)) as r:
            return r.status

    server = start()
    try:
        await wait_until(lambda: healthy(port), timeout=60, what="first server")
        server.send_signal(signal.SIGKILL)
        server.communicate(timeout=10)
        server = start()
        async with aiohttp.ClientSession() as s:  # the new one is still importing: these wait
            statuses = await asyncio.gather(*(send(s, n) for n in range(5)))
        assert statuses == [200] * 5
        await wait_until(lambda: sum("发布会安排" in sent.content for sent in wecom_api.sent) >= 5, timeout=30,
                         what="five answers")
        await asyncio.sleep(1.0)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=20)
        listener.close()
    answers = [sent for sent in wecom_api.sent if "发布会安排" in sent.content]  # not the reminders of the rounds
    assert len(answers) == 5
