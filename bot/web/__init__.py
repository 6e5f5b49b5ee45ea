"""The web side of ``pressbot serve``: the office's dashboard under ``/admin``, signed download
links under ``/download``, and the try-it page ``/playground``.

Nothing here is imported at module level by ``bot.app``'s dependencies: ``setup_web`` loads the
pages when the app is built.
"""
from __future__ import annotations

from aiohttp import web


def setup_web(app: web.Application) -> None:
    """Add every web route, the sign-in check, and (when enabled) the playground's senders."""
    from bot.keys import SETTINGS
    from bot.web import admin, assessment, auth, downloads, upload
    from bot.web.config import WEB, WebConfig
    from bot.web.pages import message_page
    from bot.web.playground import setup_playground

    config = WebConfig.from_settings(app[SETTINGS])
    app[WEB] = config
    app.middlewares.insert(0, plain_errors)
    app.middlewares.append(auth.csrf_protect)
    app.middlewares.append(auth.require_admin)
    for module in (auth, admin, assessment, downloads, upload):
        app.router.add_routes(module.routes())
    app.router.add_static("/static/web", _static_dir(), name="web-static")
    app.cleanup_ctx.append(_file_links(downloads.file_link_maker(config)))
    if config.playground:
        setup_playground(app)
        return

    async def playground_off(request: web.Request) -> web.Response:
        return message_page("试用页未开启", "已配置企业微信或钉钉通道时，试用页默认关闭；"
                            "如需开启请设置 PRESSBOT_PLAYGROUND=on。", status=404)

    app.router.add_get("/playground", playground_off)


def _file_links(maker):
    """Give the outbox worker (built by the delivery context, which runs first) the links for
    files sent where a platform cannot send files: only the web side holds the signing key."""
    async def ctx(app: web.Application):
        from bot.keys import WORKER

        app[WORKER].file_links = maker
        yield

    return ctx


def _static_dir():
    from bot.render import TEMPLATES_DIR

    return TEMPLATES_DIR / "web" / "static"


# aiohttp's own answers are English ("404: Not Found", "Server got itself in trouble"): every
# page of ours says what happened in Chinese, whatever raised it.
ERROR_PAGES = {
    404: ("找不到页面", "没有这个网址。后台请从 /admin 进入，试用页为 /playground。"),
    405: ("请求方式不对", "这个网址不接受这种请求。请从页面上的按钮或链接操作。"),
    413: ("请求太大", "提交的内容太大。"),
}


@web.middleware
async def plain_errors(request: web.Request, handler):
    import logging

    from bot.web.pages import message_page

    try:
        return await handler(request)
    except web.HTTPException as exc:
        text = exc.text or ""
        if exc.status in ERROR_PAGES and text.isascii():  # aiohttp's, not a message of ours
            title, said = ERROR_PAGES[exc.status]
            return message_page(title, said, status=exc.status)
        raise
    except Exception:
        logging.getLogger("pressbot.web").exception("%s %s failed", request.method, request.path)
        return message_page("出错了", "处理这个请求时出错了，已经记录下来，请稍后再试。", status=500)

