"""``/admin/assessment``: the year's 考核 per unit, as the .xlsx export computes it, with an
inline SVG chart of planned vs held per month."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aiohttp import web

from bot.exports.assessment import Assessment, assess
from bot.exports.assessment_xlsx import SUMMARY_COLUMNS, summary_row
from bot.keys import CLOCK, DB, SETTINGS
from bot.web.auth import VIEWER
from bot.web.config import WEB
from bot.web.pages import page
from store import rules

CHART_W, CHART_H, PAD = 640, 220, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    height: float
    value: int
    label: str


def chart_bars(result: Assessment) -> tuple[list[Bar], list[Bar], int]:
    """(planned bars, held bars, the scale's top) of the month chart, in SVG units."""
    top = max([p for _, p, _ in result.months] + [h for _, _, h in result.months] + [1])
    slot = (CHART_W - 2 * PAD) / 12
    planned: list[Bar] = []
    held: list[Bar] = []
    for i, (month, p, h) in enumerate(result.months):
        x = PAD + i * slot
        for bars, value, shift in ((planned, p, 0.15), (held, h, 0.5)):
            height = (CHART_H - 2 * PAD) * value / top
            bars.append(Bar(round(x + shift * slot, 1), round(CHART_H - PAD - height, 1), round(height, 1),
                            value, f"{month}月"))
    return planned, held, top


async def assessment_page(request: web.Request) -> web.Response:
    today = request.app[CLOCK].now().date()
    text = request.query.get("year", "").strip()
    year = int(text) if text.isdigit() and int(text) in rules.YEARS else today.year
    async with request.app[DB].sessions() as session:
        result = await assess(session, year=year, tz=request.app[WEB].tz,
                              policy=request.app[SETTINGS].reminders)
    planned, held, top = chart_bars(result)
    return page("assessment.html", viewer=request[VIEWER], result=result, year=year,
                headers=[c.header for c in SUMMARY_COLUMNS],
                rows=[summary_row(i, u) for i, u in enumerate(result.units, 1)],
                planned=planned, held=held, top=top, width=CHART_W, height=CHART_H, pad=PAD,
                first=date(year, 1, 1), last=date(year, 12, 31))


def routes() -> list[web.RouteDef]:
    return [web.get("/admin/assessment", assessment_page)]
