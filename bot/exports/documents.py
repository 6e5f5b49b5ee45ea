"""One entry point for every export, by name: what the CLI, the dashboard and the chat call."""
from __future__ import annotations

from datetime import date, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.exports.common import ExportError
from bot.exports.stats import DEFAULT_REPORTING_UNIT
from bot.reminders.policy import Policy

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def export_document(session: AsyncSession, *, what: str, fmt: str, tz: tzinfo,
                          start: date | None = None, end: date | None = None,
                          event_id: int | None = None, reporting_unit: str | None = None,
                          issued_on: date | None = None, filler: str | None = None,
                          filler_phone: str | None = None, policy: Policy | None = None) -> bytes:
    """``what`` is "stats", "registration", "plan" or "assessment" (the year of ``start``);
    ``fmt`` is "xlsx" or "docx"."""
    if what == "registration":
        from bot.exports.registration import export_registration

        _require(fmt, "docx", "登记表")
        if event_id is None:
            raise ExportError("导出登记表需要指定活动编号。")
        return await export_registration(session, event_id=event_id, tz=tz)
    if start is None or end is None:
        raise ExportError("请指定导出的时段。")
    if what == "stats":
        from bot.exports.stats import export_stats

        _require(fmt, "xlsx", "统计表")
        return await export_stats(session, start=start, end=end, tz=tz, issued_on=issued_on,
                                  reporting_unit=reporting_unit or DEFAULT_REPORTING_UNIT,
                                  filler=filler, filler_phone=filler_phone,
                                  report_dates=(policy or Policy()).report_dates)
    if what == "assessment":
        from bot.exports.assessment_xlsx import export_assessment

        _require(fmt, "xlsx", "考核表")
        return await export_assessment(session, year=start.year, tz=tz, policy=policy)
    if what == "plan":
        from bot.exports.plan import export_plan

        return await export_plan(session, start=start, end=end, tz=tz, fmt=fmt)
    raise ExportError(f"不认识的导出内容“{what}”。")


def _require(fmt: str, wanted: str, name: str) -> None:
    if fmt != wanted:
        raise ExportError(f"{name}只能导出为 .{wanted}，不支持 .{fmt}。")
