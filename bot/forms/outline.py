"""访谈方案 and 访谈提纲 of an online interview as a short form (due 30 days before it airs).

Either may be typed here or sent as a file (a .docx named …方案 / …提纲 is a material of the
event); a file sent makes the field skippable.
"""
from __future__ import annotations

from functools import partial

from bot.forms.parsers import parse_interview_form, parse_list, parse_long_text, parse_text
from bot.forms.spec import Field, FormSpec, show_long

P = "conversation/forms/outline/"


def outline_form() -> FormSpec:
    return FormSpec(
        name="outline",
        title="访谈方案和提纲",
        summary=P + "review.j2",
        fields=(
            Field("interview_form", "访谈形式", P + "interview_form.j2", parse_interview_form, aliases=("形式",)),
            Field("guests", "访谈嘉宾", P + "guests.j2", parse_list, aliases=("嘉宾",)),
            Field("plan", "访谈方案", P + "plan.j2", parse_long_text, skippable=True, aliases=("方案",),
                  show=show_long),
            Field("outline", "访谈提纲", P + "outline.j2", partial(parse_text, max_chars=5000), skippable=True,
                  aliases=("提纲",), show=show_long),
        ),
    )


OUTLINE = outline_form()
