"""The little Markdown the bot writes (``**bold**``, ``[text](url)``, bare links), shown where
no platform renders it: as HTML on the playground, as plain text in ``pressbot chat``.

Everything else is text: it is escaped before any tag is added, so a message can never inject
markup into the page.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
# a bare address ends at whitespace, a Chinese character or closing punctuation
BARE_URL = re.compile(r"(?<![\"'=])(https?://[\w\-.~:/?#@!$&*+,;=%]+[\w\-~/#=&%])")


def to_html(text: str, *, markdown: bool = True) -> Markup:
    """Escaped text with bold and links as tags; line breaks are kept (the page's CSS shows them)."""
    out = str(escape(text))
    if markdown:
        out = BOLD.sub(r"<strong>\1</strong>", out)
        out = LINK.sub(lambda m: _anchor(m.group(2), m.group(1)), out)
    out = _link_bare(out)
    return Markup(out)


def _link_bare(html: str) -> str:
    # addresses already inside an <a> (from [text](url)) are left alone
    parts = re.split(r"(<a [^>]*>.*?</a>)", html)
    return "".join(part if part.startswith("<a ") else BARE_URL.sub(lambda m: _anchor(m.group(1), m.group(1)), part)
                   for part in parts)


def _anchor(href: str, label: str) -> str:
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{label}</a>'


def to_plain(text: str) -> str:
    """For a terminal: no markers; a link as its text and address."""
    text = LINK.sub(lambda m: f"{m.group(1)}（{m.group(2)}）", text)
    return BOLD.sub(r"\1", text)
