"""Field parsers for chat forms: text in, value out, or a FieldError naming the template to say why.

Each parser takes the user's text and a ``FieldInput`` (now, what the form holds so far) so that
time fields can resolve "下周三下午3点" and counts can be compared with what was said earlier.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.forms.numbers import parse_count_text


class FieldError(Exception):
    """A value the field cannot take; ``template`` explains it to the user."""

    def __init__(self, template: str, **context: Any) -> None:
        super().__init__(template)
        self.template = template
        self.context = context


@dataclass
class FieldInput:
    now: datetime
    values: dict[str, Any] = field(default_factory=dict)


LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
# A mobile number: 11 digits starting with 1. A landline: its area code (0 and 2–3 digits) and
# a 7–8 digit number; a bare 7-digit number is refused, nobody outside the town could dial it.
MOBILE_RE = re.compile(r"^1\d{10}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}$")
YES_WORDS = ("是", "有", "设", "对", "要", "需要", "y", "yes")
NO_WORDS = ("否", "无", "没有", "没", "不", "未", "n", "no")
QA_SPLIT = re.compile(r"(?:^|\n|\s)(?:问题?\s*\d*\s*[:：]|Q\d*\s*[:：]|\d+[.、．]\s*问\s*[:：]?)", re.I)
ANSWER_SPLIT = re.compile(r"(?:答\s*[:：]|A\s*[:：])", re.I)
MAX_QUOTED_SEARCH = 200  # a longer answer quotes the impossible date as normalised


def parse_text(text: str, inp: FieldInput, *, max_chars: int = 300) -> str:
    value = text.strip()
    if not value:
        raise FieldError("conversation/forms/error_empty.j2")
    if len(value) > max_chars:
        raise FieldError("conversation/forms/error_too_long.j2", limit=max_chars, count=len(value))
    return value


# A person's name as officials write it: 2–6 Chinese characters (minority names with a middle
# dot a little longer), or a Latin name; a sentence or a title is not a name.
PERSON_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{1,8}[·•][\u4e00-\u9fff]{1,8}"
                         r"|[A-Za-z][A-Za-z .'-]{1,40})$")


def parse_person_name(text: str, inp: FieldInput) -> str:
    value = re.sub(r"\s+", "", text.strip()) if re.search(r"[\u4e00-\u9fff]", text) else text.strip()
    if not value:
        raise FieldError("conversation/forms/error_empty.j2")
    if not PERSON_NAME.match(value):
        raise FieldError("conversation/forms/error_person_name.j2", given=text.strip())
    return value


def parse_long_text(text: str, inp: FieldInput) -> str:
    return parse_text(text, inp, max_chars=5000)


def parse_phone(text: str, inp: FieldInput) -> str:
    """"139 0000 1234" → "13900001234", "0755-1234 5678" → "075512345678"."""
    digits = re.sub(r"[\s\-—–()（）]", "", to_halfwidth(text))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if MOBILE_RE.match(digits) or LANDLINE_RE.match(digits):
        return digits
    raise FieldError("conversation/forms/error_phone.j2", given=text.strip(), reason=_phone_problem(digits))


def _phone_problem(digits: str) -> str:
    """What is wrong with a number, in the words an officer would use."""
    if not digits.isdigit():
        return "号码里只能有数字"
    if digits.startswith("1"):
        return f"手机号应为11位，这里是{len(digits)}位"
    if digits.startswith("0"):
        return "座机号应为区号加7～8位号码"
    return "座机号前面要加区号"


def parse_count(text: str, inp: FieldInput) -> int:
    value = parse_count_text(to_halfwidth(text))
    if value is None:
        raise FieldError("conversation/forms/error_count.j2", given=text.strip())
    return value


def parse_list(text: str, inp: FieldInput) -> list[str]:
    items = [part.strip(" 。.") for part in LIST_SEPARATORS.split(text)]
    items = [item for item in items if item]
    if not items:
        raise FieldError("conversation/forms/error_empty.j2")
    return items


def parse_yes_no(text: str, inp: FieldInput) -> bool:
    word = text.strip().lower().rstrip("。.!！")
    if word.startswith(NO_WORDS):  # before YES: "没有" starts with neither, "不设" with 不
        return False
    if word.startswith(YES_WORDS):
        return True
    raise FieldError("conversation/forms/error_yes_no.j2", given=text.strip())


def _exact_time(text: str, inp: FieldInput, lean: str) -> datetime:
    """An exact date and clock time ("3月18日下午3点"); a day or a month alone is refused."""
    from bot.forms.timeparse import find_exact

    impossible = impossible_date(to_halfwidth(text), inp.now, ahead=lean == "future")
    if impossible:
        raise FieldError("conversation/forms/error_impossible_date.j2", given=text.strip(), **impossible)
    when = find_exact(to_halfwidth(text), inp.now, lean)
    if when is None:
        raise FieldError("conversation/forms/error_exact_time.j2", given=text.strip())
    return when


def parse_exact_time(text: str, inp: FieldInput) -> str:
    """When the event will be held (the registration form): a time already past is refused."""
    when = _exact_time(text, inp, "future")
    if when < inp.now:
        raise FieldError("conversation/forms/error_time_passed.j2", given=text.strip())
    return when.isoformat()


def parse_held_time(text: str, inp: FieldInput) -> str:
    """When the event was held (the statistics form): "10月28日上午9点" is the last one, and a
    time still ahead is refused."""
    when = _exact_time(text, inp, "past")
    if when > inp.now:
        raise FieldError("conversation/forms/error_time_ahead.j2", given=text.strip())
    return when.isoformat()


def impossible_date(text: str, now: datetime, *, ahead: bool = False) -> dict[str, Any] | None:
    """"2月30日" → what is wrong with it, as ``bot.nlp.time_impossible`` says (the one rule);
    None when the date exists. ``ahead``: the date is of something still to come."""
    from bot.nlp.times import find_impossible

    found = find_impossible(text, now, ahead=ahead)
    if not found:
        return None
    return {"written": _as_written(text, found[0].text), "why": found[0].reason}


def _as_written(text: str, normalized: str) -> str:
    """The part of ``text`` that normalises to ``normalized`` ("二月三十日" for "2月30日"), so the
    answer quotes the person; the normalised form when no part does."""
    from bot.nlp import normalize

    if normalized in text or len(text) > MAX_QUOTED_SEARCH:
        return normalized
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 3 * len(normalized)) + 1):
            if normalize(text[start:end]) == normalized:
                return text[start:end].strip()
    return normalized


def parse_press_release(text: str, inp: FieldInput, *, limit: int = 1200) -> str:
    value = text.strip()
    count = count_chars(value)
    if count == 0:
        raise FieldError("conversation/forms/error_empty.j2")
    if count > limit:
        raise FieldError("conversation/forms/error_too_long.j2", limit=limit, count=count)
    return value


def parse_questions(text: str, inp: FieldInput, *, minimum: int = 2, answer_limit: int = 500) -> list[dict]:
    """Pasted 问：…答：… pairs; at least ``minimum`` of them, each answer within ``answer_limit``."""
    pairs = []
    for chunk in QA_SPLIT.split("\n" + text.strip()):
        parts = ANSWER_SPLIT.split(chunk, maxsplit=1)
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            pairs.append({"q": parts[0].strip(), "a": parts[1].strip()})
    if len(pairs) < minimum:
        raise FieldError("conversation/forms/error_questions.j2", minimum=minimum, count=len(pairs))
    for number, pair in enumerate(pairs, 1):
        if count_chars(pair["a"]) > answer_limit:
            raise FieldError(
                "conversation/forms/error_answer_long.j2",
                number=number, limit=answer_limit, count=count_chars(pair["a"]),
            )
    return pairs


def parse_interview_form(text: str, inp: FieldInput) -> str:
    if "视频" in text:
        return "微视频"
    if "网" in text or "文字" in text or "直播" in text:
        return "网上"
    raise FieldError("conversation/forms/error_choice.j2", given=text.strip(), options=["网上", "微视频"])


def parse_link(text: str, inp: FieldInput) -> str:
    value = text.strip()
    if not re.match(r"^https?://\S+$", value):
        raise FieldError("conversation/forms/error_link.j2", given=value)
    return value


def count_chars(text: str) -> int:
    """Characters as the office counts them: whitespace does not count."""
    return len(re.sub(r"\s", "", text))


def to_halfwidth(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text).replace("\u3000", " ")


NOT_REMARKS = {"确认", "确定", "提交", "好", "好的", "是", "对", "ok", "没问题"}


def parse_remarks(text: str, inp: FieldInput) -> str:
    """备注: free text; "确认" said to this question is not a remark (the form is not yet at 确认)."""
    if text.strip().lower().rstrip("。.!！") in NOT_REMARKS:
        raise FieldError("conversation/forms/error_remarks.j2")
    return parse_text(text, inp, max_chars=500)
