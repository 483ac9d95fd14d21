"""The member's own pages: My account, profile, download my data, delete my account.

allauth serves sign-up, login, e-mail addresses and passwords under the same /accounts/ prefix.
"""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from community import account_newsletter, account_sections, personal_data
from community.forms.account import DeleteAccountForm, ProfileForm
from community.models import Profile
from hub.outbox import language as mail_language


def user_display(user) -> str:
    """How allauth names a member in its pages and mails (settings.ACCOUNT_USER_DISPLAY)."""
    return user.email or user.get_username()


def _profile(user) -> Profile:
    # Profiles are made by the post_save signal (community/signals.py); get_or_create only
    # covers users that predate it or were loaded from raw fixtures.
    return Profile.objects.get_or_create(user=user)[0]


@login_required
@never_cache  # about the reader only
@require_http_methods(["GET", "HEAD", "POST"])
def my_account(request):
    """The member's account; a POST is one of the newsletter section's forms
    (community/account_newsletter.py): done, back to the page; refused, the page with the form's
    errors."""
    refused = None
    if request.method == "POST":
        refused = account_newsletter.act(request).form
        if refused is None:
            return redirect("my_account")
    user = request.user
    profile = _profile(user)
    return render(
        request,
        "community/account/my_account.html",
        {
            "profile": profile,
            "interests": list(profile.interests.all()),
            # The language of their mails (blank: the site default's).
            "mail_language": get_language_info(mail_language.supported(profile.language)),
            **account_newsletter.section_context(user, refused),
            "extra_sections": account_sections.render_all(request),
        },
        status=400 if refused is not None else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = _profile(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("my_account")
    return render(request, "community/account/profile_edit.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def download_data(request):
    if request.method == "POST":
        data = personal_data.export_user_data(request.user)
        body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
        filename = f"my-data-{timezone.localdate().isoformat()}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(
        request,
        "community/account/download_data.html",
        {"sections": personal_data.sections()},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    context = {"sections": personal_data.sections()}
    if user.is_superuser:
        # A superuser deleting themselves could leave the site without any administrator.
        if request.method == "POST":
            messages.error(request, _("Administrator accounts cannot be deleted here."))
            return redirect("account_delete")
        return render(request, "community/account/delete_account.html", context)

    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST":
        # Guessing the password from a hijacked session is rate limited like reauthentication.
        # The password is not even checked while the limit is reached.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            messages.error(request, _("Too many attempts. Please wait a minute and try again."))
            context["form"] = DeleteAccountForm(user=user)
            return render(request, "community/account/delete_account.html", context, status=429)
        if form.is_valid():
            personal_data.delete_user_and_data(user)
            logout(request)
            messages.success(request, _("Your account and personal data have been deleted."))
            return redirect("/")
    context["form"] = form
    return render(request, "community/account/delete_account.html", context)
