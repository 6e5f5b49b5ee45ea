"""The material pack's checklist on the registration form, with the notices' limits as data.

The limits are the notices' defaults; a deployment that changes them passes its own
``MaterialRules`` and the printed form states the limits it was checked against.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.models import Kind, RegistrationForm

DONE, TODO = "☑", "☐"


@dataclass(frozen=True)
class MaterialRules:
    registration_days_before: int = 3
    materials_days_before: int = 1
    interview_plan_days_before: int = 30
    release_max_chars: int = 1200
    min_questions: int = 2
    answer_max_chars: int = 500
    photos: int = 3
    videos: int = 1  # optional


DEFAULT_RULES = MaterialRules()


def char_count(text: str | None) -> int:
    """Characters as the office counts them: everything but white space."""
    return sum(1 for ch in text or "" if not ch.isspace())


def checklist(form: RegistrationForm | None, rules: MaterialRules = DEFAULT_RULES) -> list[str]:
    f = form or RegistrationForm(questions=[], photo_count=0, has_video=False)
    return [
        _release(f.press_release, rules),
        _questions(f.questions or [], rules),
        _photos(f.photo_count or 0, rules),
        _line(bool(f.has_video), f"视频（{rules.videos}段，可选）", "已提供" if f.has_video else "未提供"),
    ]


def _line(ok: bool, item: str, state: str) -> str:
    return f"{DONE if ok else TODO} {item}：{state}"


def _release(text: str | None, rules: MaterialRules) -> str:
    item = f"新闻通稿（不超过{rules.release_max_chars}字）"
    n = char_count(text)
    if n == 0:
        return _line(False, item, "未提供")
    too_long = n > rules.release_max_chars
    return _line(not too_long, item, f"已提供，共{n}字" + ("，超出字数" if too_long else ""))


def _questions(questions: list, rules: MaterialRules) -> str:
    item = f"问答口径（至少{rules.min_questions}个，每个答复不超过{rules.answer_max_chars}字）"
    if not questions:
        return _line(False, item, "未提供")
    long_answers = sum(1 for q in questions if char_count(_answer(q)) > rules.answer_max_chars)
    state = f"已提供{len(questions)}个"
    if len(questions) < rules.min_questions:
        state += f"，不足{rules.min_questions}个"
    if long_answers:
        state += f"，其中{long_answers}个答复超出字数"
    return _line(len(questions) >= rules.min_questions and not long_answers, item, state)


def _answer(question: object) -> str:
    return str(question.get("a") or "") if isinstance(question, dict) else ""


def _photos(count: int, rules: MaterialRules) -> str:
    item = f"图片（{rules.photos}张）"
    if count == 0:
        return _line(False, item, "未提供")
    short = count < rules.photos
    return _line(not short, item, f"已提供{count}张" + (f"，不足{rules.photos}张" if short else ""))


def deadline_note(kind: str, rules: MaterialRules = DEFAULT_RULES) -> str:
    if kind == Kind.ONLINE_INTERVIEW:
        return f"注：在线访谈方案及提纲请于上线{rules.interview_plan_days_before}日前报送政务公开办。"
    return (f"注：本表请于举办日{rules.registration_days_before}日前报送政务公开办；"
            f"新闻通稿、问答口径、图片等材料请于举办日{rules.materials_days_before}日前报送。")
