"""Newsletter pages: sign-up, "check your inbox", confirmation and unsubscribe.

The responses never tell a visitor whether an address is on the list.
"""

from allauth.core import ratelimit
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from community import newsletter
from community.forms.interests import NewsletterTopicsForm
from community.forms.newsletter import NewsletterSignupForm

RATE_LIMIT_ACTION = "newsletter_signup"


def _render_signup(request, form, status=200):
    return render(
        request,
        "community/newsletter/signup.html",
        {"form": form, "page_title": _("Newsletter")},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    privacy_url = newsletter.privacy_notice_url(request)
    if request.method != "POST":
        return _render_signup(
            request, NewsletterSignupForm(privacy_url=privacy_url, auto_id="newsletter-%s")
        )

    form = NewsletterSignupForm(request.POST, privacy_url=privacy_url, auto_id="newsletter-%s")
    if not form.is_valid():
        return _render_signup(request, form)
    email = form.cleaned_data["email"]
    # Limited per IP and per address (ACCOUNT_RATE_LIMITS["newsletter_signup"]); the key is
    # case-folded so "A@x.org" and "a@x.org" share one budget.
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION, key=email.casefold()):
        form.add_error(None, _("Too many sign-up attempts. Please try again later."))
        return _render_signup(request, form, status=429)
    newsletter.sign_up(email, request=request)
    return redirect("newsletter_signup_done")


def signup_done(request):
    return render(
        request,
        "community/newsletter/signup_done.html",
        {"page_title": _("Check your inbox"), "days": newsletter.confirmation_days()},
    )


def _invalid_link(request, kind: str, status: int = 400):
    return render(
        request,
        "community/newsletter/invalid_link.html",
        {
            "page_title": _("This link does not work"),
            "kind": kind,
            "days": newsletter.confirmation_days(),
        },
        status=status,
    )


@never_cache  # a link from a mail: personal, and it acts
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Confirm the sign-up, then offer the topics; a POST (CSRF-protected, with the same signed
    token in the URL as credential) saves them."""
    email = newsletter.read_confirm_token(token)
    if email is None:  # tampered with, truncated or expired
        return _invalid_link(request, "confirm")
    if request.method == "HEAD":  # link checkers probe with HEAD: no side effects
        return HttpResponse()
    if request.method == "POST":
        return _save_confirmed_topics(request, email)
    subscriber = newsletter.confirm(email, request=request)
    if subscriber is None:  # unsubscribed or purged since the mail was sent
        return _invalid_link(request, "confirm", status=404)
    form = NewsletterTopicsForm(initial={"topics": subscriber.topics.all()}, auto_id="topics-%s")
    return _render_confirmed(request, form)


def _render_confirmed(request, form, status=200):
    return render(
        request,
        "community/newsletter/confirmed.html",
        {
            "page_title": _("Subscription confirmed"),
            "form": form,
            "offer_topics": form.fields["topics"].queryset.exists(),
        },
        status=status,
    )


def _save_confirmed_topics(request, email):
    form = NewsletterTopicsForm(request.POST, auto_id="topics-%s")
    if not form.is_valid():  # an unknown topic: the page says so and nothing is written
        return _render_confirmed(request, form, status=400)
    with transaction.atomic():
        # Confirms too, should the form be sent without the page having been opened by GET.
        subscriber = newsletter.confirm(email, request=request)
        if subscriber is None:
            return _invalid_link(request, "confirm", status=404)
        newsletter.set_topics(subscriber, form.cleaned_data["topics"])
    if form.cleaned_data["topics"]:
        messages.success(request, _("Saved: you will hear about the topics you chose."))
    else:
        messages.success(request, _("Saved: you will hear about everything."))
    return redirect(request.path)  # the page again, with the saved choice ticked


# csrf_exempt: the signed token in the URL is the credential, and mail clients doing an
# RFC 8058 one-click unsubscribe POST "List-Unsubscribe=One-Click" without any CSRF token or
# cookie. A forged cross-site POST could only unsubscribe the owner of a token the forger
# already holds, which the token itself allows anyway.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    email = newsletter.read_unsubscribe_token(token)
    if email is None:
        return _invalid_link(request, "unsubscribe")
    if request.method == "POST":
        # Idempotent: an address that is already gone gets the same page.
        newsletter.unsubscribe(email)
        return render(
            request,
            "community/newsletter/unsubscribe_done.html",
            {"page_title": _("You have unsubscribed")},
        )
    # GET only asks: link scanners in mail systems follow links, they do not press buttons.
    return render(
        request,
        "community/newsletter/unsubscribe.html",
        {"page_title": _("Unsubscribe from the newsletter"), "email": email},
    )
