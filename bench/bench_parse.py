"""Speed of message understanding: throughput, per-message median and p99, cold start, 100 KB,
and the time parser case by case against JioNLP's ``extract_time`` when it is installed.

    python bench/bench_parse.py [--messages N] [--repeat R]

Targets (issue 15): median ≤ 0.1 ms, p99 ≤ 1 ms over ≥ 10,000 varied messages; cold start of
``pressbot parse "我局5月份开发布会"`` ≤ 1 s; a 100 KB message ≤ 200 ms (issue 2); per time case
no slower than ``jionlp.ner.extract_time`` on the same input. Each message's time is the best of
``--repeat`` passes (default 3), so a shared machine's preemptions are not counted as parse time;
the first pass alone is printed too. JioNLP is not a dependency: without it that part is skipped
with the reason. Prints figures only.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import DEFAULT_TZ  # noqa: E402
from bot.nlp import parse  # noqa: E402
from bot.nlp.times import find_times  # noqa: E402
from bot.nlp.units import UnitDirectory  # noqa: E402

NOW = datetime(2026, 4, 14, 9, 30, tzinfo=DEFAULT_TZ)

UNITS = ["我局", "我们", "我委", "市监局", "市场监督管理局", "发改局", "人社局", "区人力资源和社会保障局", "卫健委",
         "住建局", "城管执法局", "文旅局", "应急管理局", "统计局", "农业农村水利局", "民政局", "教育局", "韩村镇",
         "高新区管委会", "气象局", ""]
TIMES = ["5月份", "6月中旬", "7月中下旬", "三季度", "下半年", "下周二上午10点", "下下周四下午两点半", "明天下午3点",
         "4月15日至16日", "5.20 上午九点", "本月底", "下个月", "明年一季度", "10月28日至30日", "周五", "3月20号",
         "２０２６年１０月２０日", "年底", "后天", "国庆节后第一周", "6月3-7日", "11月至次年2月", "下个月第2周",
         "5月的最后一个周五", "今年前四个月", "下午两点半到五点", "9月10日教师节当天下午三点", "五一前", ""]
TOPICS = ["养老服务体系建设", "秋季开学工作", "上半年全区经济运行情况", "消费维权典型案例", "共享单车停放管理",
          "家庭医生签约服务", "高校毕业生就业服务", "防汛备汛工作", "物业管理条例解读", "2026年上半年社会治安情况"]
TEMPLATES = [
    "{unit}{time}开{topic}发布会", "{unit}拟于{time}在区政务中心三楼会议室召开{topic}新闻发布会，发布人：副局长 孙丽",
    "{unit}{time}做一期网上访谈，谈谈{topic}", "{unit}准备{time}开个{topic}的发布会", "{unit} {time} {topic} 发布会",
    "{unit}{time}发布{topic}", "请帮{unit}登记：{time}{topic}发布会", "{unit}的发布会改到{time}",
    "{unit}原定{time}的发布会推迟一个月", "{unit}{time}那场发布会取消了", "{time}有哪些发布会",
    "{unit}{time}的访谈定了吗",
    "发布会刚开完，到场媒体6家，记者提问4个", "访谈{time}做完了，要报统计", "好的", "收到", "辛苦了", "help",
    "{time}开部门例会", "@发布会助手 {unit}{time}搞一个微视频访谈，介绍{topic}",
]


def messages(count: int, seed: int = 20260414) -> list[tuple[str, datetime]]:
    rng = random.Random(seed)
    base = datetime(2026, 1, 1, 9, 0, tzinfo=DEFAULT_TZ)
    out = []
    for _ in range(count):
        text = rng.choice(TEMPLATES).format(unit=rng.choice(UNITS), time=rng.choice(TIMES), topic=rng.choice(TOPICS))
        out.append((text, base + timedelta(days=rng.randrange(365), minutes=rng.randrange(600))))
    return out


def per_message(units: UnitDirectory, batch: list[tuple[str, datetime]]) -> list[float]:
    timings = []
    for text, now in batch:
        start = time.perf_counter()
        parse(text, now=now, sender_unit="区教育局", units=units)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def best_of(units: UnitDirectory, batch: list[tuple[str, datetime]], repeat: int) -> tuple[list[float], list[float]]:
    """(first pass, best of ``repeat`` passes) per message, in ms."""
    passes = [per_message(units, batch) for _ in range(repeat)]
    return passes[0], [min(times) for times in zip(*passes, strict=True)]


TIME_CASES = [
    "我局5月份开发布会", "下周二上午10点", "下下周四下午两点半", "明天下午3点", "4月15日至16日", "5.20 上午九点",
    "本月底", "明年一季度", "10月28日至30日", "３月２０日", "2026年10月20日", "二〇二七年三月", "两千零八年五月十二",
    "九八年", "08年5月12日", "国庆节后第一周召开发布会", "五一前把登记表报过来", "春节期间", "元宵节", "中秋节下午3点",
    "9月10日教师节当天下午三点", "我局拟于6月3-7日开展宣传周活动", "3月-6月", "3至6月", "11月至次年2月",
    "下个月第2周做一期网上访谈", "6月第一周", "5月的最后一个周五", "今年前四个月", "本月前三天", "下月最后一周",
    "下午两点半到五点", "8~11点", "零点至24点", "新闻发布会定在12月18日下午3点", "原定6月的发布会推迟到7月",
    "拟于２０２６年５月２０日（星期三）上午９：３０召开", "上半年经济运行情况发布会7月开",
]


def _best_ms(run, text: str, loops: int = 20, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            run(text)
        best = min(best, (time.perf_counter() - start) / loops)
    return best * 1000


def versus_jionlp() -> None:
    try:
        import jionlp
    except ImportError as exc:
        print(f"jionlp comparison: skipped ({exc}; `pip install jionlp` to compare, it is not a dependency)")
        return
    base = NOW.timestamp()
    extract = jionlp.ner.extract_time
    for text in TIME_CASES:  # warm both (jionlp loads its dictionaries on first use)
        extract(text, time_base=base)
        find_times(text, NOW)
    rows = [(text, _best_ms(lambda t: find_times(t, NOW), text), _best_ms(lambda t: extract(t, time_base=base), text),
             bool(extract(text, time_base=base))) for text in TIME_CASES]
    print(f"time cases vs jionlp.ner.extract_time ({len(rows)} cases, best of 5×20 runs each; ours/theirs):")
    for text, ours, theirs, found in rows:
        note = "" if found else "   (jionlp found no time here)"
        print(f"  {ours:7.4f} ms  vs {theirs:7.4f} ms   ratio {ours / theirs:6.3f}   {text}{note}")
    ratios = sorted(ours / theirs for _, ours, theirs, _ in rows)
    slower = [text for text, ours, theirs, found in rows if ours > theirs]
    empty = [text for text in slower if not extract(text, time_base=base)]
    print(f"  ratio median {statistics.median(ratios):.3f}, worst {ratios[-1]:.3f}; slower than jionlp on "
          f"{len(slower)} case(s), {len(empty)} of them where jionlp found no time")


def cold_start(runs: int = 5) -> list[float]:
    exe = shutil.which("pressbot", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "bot"]
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([*command, "parse", "我局5月份开发布会"], capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        json.loads(done.stdout)
    return walls


def big_message() -> str:
    line = "我局5月份在区政府会议室召开发布会，发布人：副局长 孙丽。市监局下周二上午10点开消费维权发布会。😀 "
    return (line * 2000)[:100_000]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=12_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    count = args.messages
    units = UnitDirectory.from_file(ROOT / "tests" / "data" / "nlu_examples_units.txt")
    batch = messages(count)
    per_message(units, batch[:500])  # warm caches (and jieba, for the unknown units)
    start = time.perf_counter()
    first, timings = best_of(units, batch, max(1, args.repeat))
    total = (time.perf_counter() - start) / max(1, args.repeat)
    first.sort()
    timings.sort()
    big = big_message()
    big_ms = [per_message(units, [(big, NOW)])[0] for _ in range(3)]
    walls = cold_start()
    print(f"messages:          {count} ({len(set(t for t, _ in batch))} distinct texts)")
    print(f"throughput:        {count / total:,.0f} messages/s")
    print(f"median:            {statistics.median(timings):.3f} ms   (target ≤ 0.1 ms; first pass alone "
          f"{statistics.median(first):.3f} ms)")
    print(f"p99:               {timings[int(len(timings) * 0.99) - 1]:.3f} ms   (target ≤ 1 ms; first pass alone "
          f"{first[int(len(first) * 0.99) - 1]:.3f} ms)")
    print(f"max:               {timings[-1]:.3f} ms")
    print(f"100 KB message:    {statistics.median(big_ms):.1f} ms median of 3   (target ≤ 200 ms)")
    print(f"cold start:        {statistics.median(walls):.3f} s median, {max(walls):.3f} s max of {len(walls)}"
          f"   (target ≤ 1 s; `pressbot parse \"我局5月份开发布会\"`)")
    versus_jionlp()


if __name__ == "__main__":
    main()
