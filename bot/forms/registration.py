"""登记表 (registration form) as data: the fields of the notice, then the material checklist."""
from __future__ import annotations

from functools import partial

from bot.forms.parsers import (
    parse_count,
    parse_exact_time,
    parse_list,
    parse_long_text,
    parse_person_name,
    parse_phone,
    parse_press_release,
    parse_questions,
    parse_text,
    parse_yes_no,
)
from bot.forms.spec import Field, FormSpec, show_long, show_time

P = "conversation/forms/registration/"


def registration_form(press_release_chars: int = 1200, min_questions: int = 2, answer_chars: int = 500) -> FormSpec:
    """The form with the deployment's material limits."""
    return FormSpec(
        name="registration",
        title="登记表",
        summary="conversation/forms/registration/review.j2",
        fields=(
            Field("title", "全称", P + "title.j2", partial(parse_text, max_chars=200), aliases=("名称", "标题")),
            Field("host_unit", "举办单位", P + "host_unit.j2", parse_text, aliases=("单位",)),
            Field("contact_name", "负责人姓名", P + "contact_name.j2", parse_person_name,
                  aliases=("负责人", "姓名", "联系人")),
            Field("contact_title", "负责人职务", P + "contact_title.j2", partial(parse_text, max_chars=100),
                  aliases=("职务",)),
            Field("contact_phone", "联系电话", P + "contact_phone.j2", parse_phone, aliases=("电话", "手机", "手机号")),
            Field("summary", "内容", P + "summary.j2", parse_long_text, aliases=("内容简介", "简介", "主要内容"),
                  show=show_long),
            Field("held_at", "举办时间", P + "held_at.j2", parse_exact_time, aliases=("时间", "日期"), show=show_time),
            Field("location", "举办地点", P + "location.j2", parse_text, aliases=("地点", "会场")),
            Field("invited_leaders", "拟邀请领导及来宾", P + "invited_leaders.j2", parse_list, skippable=True,
                  aliases=("邀请领导", "领导", "来宾", "嘉宾")),
            Field("invited_media", "拟邀请新闻单位", P + "invited_media.j2", parse_list, skippable=True,
                  aliases=("新闻单位", "媒体", "邀请媒体")),
            Field("press_release", "新闻通稿", P + "press_release.j2",
                  partial(parse_press_release, limit=press_release_chars), skippable=True,
                  aliases=("通稿", "新闻稿"), show=show_long),
            Field("questions", "问答材料", P + "questions.j2",
                  partial(parse_questions, minimum=min_questions, answer_limit=answer_chars), skippable=True,
                  aliases=("问答", "答问", "问题")),
            Field("photo_count", "照片数量", P + "photo_count.j2", parse_count, skippable=True,
                  aliases=("照片", "图片")),
            Field("has_video", "视频", P + "has_video.j2", parse_yes_no, skippable=True, aliases=("有无视频",)),
            Field("remarks", "备注", P + "remarks.j2", partial(parse_text, max_chars=500), skippable=True,
                  aliases=("说明", "其他说明")),
        ),
    )


REGISTRATION = registration_form()
