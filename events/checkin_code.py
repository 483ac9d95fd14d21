"""The check-in code: a QR code of a registration's own page (its absolute URL, events.tokens),
which the organisers' check-in screen scans to find the registration.

Drawn on the server with segno (BSD, no dependencies): inline SVG on the personal page (no
image request, scales with the text, prints), and a small PNG attached to the mails that give a
seat (the mails are plain text, so they cannot show an image inline; see events.mails).
Always black on white with a quiet zone, whatever the display, so that cameras read it.
"""

from __future__ import annotations

import io

import segno
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ERROR_LEVEL = "m"  # 15 % may be unreadable (a crease, a scratched screen)
PNG_FILENAME = "check-in-code.png"


def _code(url: str):
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def svg(url: str) -> str:
    """Inline SVG (safe HTML) of the code for `url`, labelled for screen readers."""
    label = escape(_("Your check-in code"))
    drawing = _code(url).svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass="checkin-code__svg"
    )
    return mark_safe(drawing.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308


def png(url: str) -> bytes:
    """The code for `url` as a PNG (about 1 KB), large enough to scan from a phone's screen."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=6, border=4, dark="#000", light="#fff")
    return buffer.getvalue()
