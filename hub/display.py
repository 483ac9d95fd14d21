"""The reader's display preferences (text size, contrast), kept in a cookie.

The server renders the chosen classes on <html>, so the switch works with JavaScript off;
static/js/display.js only saves the round trip.
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

COOKIE = "display"
TEXT_SIZES = ("normal", "large", "larger")
CONTRASTS = ("normal", "high")
COOKIE_AGE = 60 * 60 * 24 * 365


def read(request) -> dict:
    """Parse the cookie; anything unknown falls back to the defaults."""
    size, _, contrast = request.COOKIES.get(COOKIE, "").partition(".")
    return {
        "text_size": size if size in TEXT_SIZES else "normal",
        "contrast": contrast if contrast in CONTRASTS else "normal",
    }


def step_text_size(current: str, step: int) -> str:
    index = TEXT_SIZES.index(current) + step
    return TEXT_SIZES[max(0, min(index, len(TEXT_SIZES) - 1))]


@require_POST
def change(request):
    prefs = read(request)
    action = request.POST.get("action", "")
    if action == "larger":
        prefs["text_size"] = step_text_size(prefs["text_size"], 1)
    elif action == "smaller":
        prefs["text_size"] = step_text_size(prefs["text_size"], -1)
    elif action == "contrast":
        prefs["contrast"] = "normal" if prefs["contrast"] == "high" else "high"
    elif action == "reset":
        prefs = {"text_size": "normal", "contrast": "normal"}
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        COOKIE,
        f"{prefs['text_size']}.{prefs['contrast']}",
        max_age=COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
