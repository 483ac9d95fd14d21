"""What the funding views share: the login redirect."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login


def login_redirect(request, path=None):
    return redirect_to_login(path or request.get_full_path())
