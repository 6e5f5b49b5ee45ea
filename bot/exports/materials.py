"""The notices' limits on the material pack, as data, and the registration form's deadline
note. The checklist itself is ``bot.procedure.materials.checklist`` (files sent, else what the
登记表 holds): the chat, the pack and the printed form all use it.

The limits are the notices' defaults; a deployment that changes them passes its own
``MaterialRules`` and the printed form states the limits it was checked against.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.models import Kind

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


def deadline_note(kind: str, rules: MaterialRules = DEFAULT_RULES) -> str:
    if kind == Kind.ONLINE_INTERVIEW:
        return f"注：在线访谈方案及提纲请于上线{rules.interview_plan_days_before}日前报送政务公开办。"
    return (f"注：本表请于举办日{rules.registration_days_before}日前报送政务公开办；"
            f"新闻通稿、问答口径、图片等材料请于举办日{rules.materials_days_before}日前报送。")
