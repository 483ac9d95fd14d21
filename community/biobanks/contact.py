"""Contacting a biobank from its profile: the form, the stored request and its mails."""

from allauth.core import ratelimit
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.biobanks.forms import BiobankContactForm
from community.biobanks.models import Biobank, ContactRequest
from community.services import mail

RATE_LIMIT_ACTION = "contact_biobank"


def _contactable(slug) -> Biobank:
    biobank = Biobank.objects.filter(slug=slug, withdrawn=False).exclude(contact_email="").first()
    if biobank is None:
        raise Http404(_("This biobank cannot be contacted through the hub."))
    return biobank


def _render_contact(request, index_page, biobank, form, status=200):
    return TemplateResponse(
        request,
        "community/biobanks/contact_form.html",
        {
            "page": index_page,
            "self": index_page,
            "biobank": biobank,
            "form": form,
            "page_title": _("Contact %(name)s") % {"name": biobank.name},
        },
        status=status,
    )


def contact(request, index_page, slug):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    biobank = _contactable(slug)
    if request.method != "POST":
        initial = {}
        if request.user.is_authenticated:
            initial = {"name": request.user.get_full_name(), "email": request.user.email}
        return _render_contact(
            request, index_page, biobank, BiobankContactForm(initial=initial, auto_id="contact-%s")
        )
    form = BiobankContactForm(request.POST, auto_id="contact-%s")
    if not form.is_valid():
        return _render_contact(request, index_page, biobank, form)
    if form.is_spam():
        # Look like a success to the bot; send and store nothing.
        return redirect(f"{index_page.url}{biobank.slug}/contact/sent/")
    if not ratelimit.consume(
        request, action=RATE_LIMIT_ACTION, key=f"{biobank.pk}:{form.cleaned_data['email'].lower()}"
    ):
        form.add_error(
            None,
            _(
                "Too many messages have been sent from your connection. Please "
                "wait a while and try again; your text is still here."
            ),
        )
        return _render_contact(request, index_page, biobank, form, status=429)
    send_contact_request(request, biobank, form.cleaned_data)
    return redirect(f"{index_page.url}{biobank.slug}/contact/sent/")


MAIL_FAILED_SESSION_KEY = "biobank_contact_mail_failed"


@transaction.atomic
def send_contact_request(request, biobank, data) -> ContactRequest:
    """Store the request, then (after commit) mail the biobank and a copy to the sender.

    If the mail to the biobank fails, no copy goes out, the request is marked
    (``mail_failed_at``) for ``manage.py resend_failed_mails`` and the "sent" page says so.
    """
    stored = ContactRequest.objects.create(
        biobank=biobank,
        name=data["name"],
        email=data["email"],
        organisation=data.get("organisation", ""),
        message=data["message"],
        sent_to=biobank.contact_email,
    )

    def send():
        if mail.send_in_order(*contact_request_mails(stored, request)):
            request.session.pop(MAIL_FAILED_SESSION_KEY, None)
        else:
            stored.mail_failed_at = timezone.now()
            ContactRequest.objects.filter(pk=stored.pk).update(mail_failed_at=stored.mail_failed_at)
            request.session[MAIL_FAILED_SESSION_KEY] = True

    transaction.on_commit(send)
    return stored


def contact_request_mails(stored: ContactRequest, request=None):
    """The mail to the biobank (Reply-To: the sender) and the sender's copy, from the stored
    request."""
    biobank = stored.biobank
    context = {
        "organisation_name": mail.organisation_name(request),
        "biobank": biobank,
        "sender_name": stored.name,
        "sender_email": stored.email,
        "sender_organisation": stored.organisation,
        "message": stored.message,
        "site_url": mail.absolute_url("/", request),
        "profile_url": mail.absolute_url(biobank.get_absolute_url(), request),
    }
    to_biobank = mail.render_mail(
        "community/email/biobank_contact",
        context,
        to=[stored.sent_to],
        reply_to=[stored.email],
    )
    copy = mail.render_mail("community/email/biobank_contact_copy", context, to=[stored.email])
    return to_biobank, copy


def contact_sent(request, index_page, slug):
    biobank = Biobank.objects.filter(slug=slug).first()
    if biobank is None:
        raise Http404
    mail_failed = request.session.pop(MAIL_FAILED_SESSION_KEY, False)
    return TemplateResponse(
        request,
        "community/biobanks/contact_sent.html",
        {
            "page": index_page,
            "self": index_page,
            "biobank": biobank,
            "mail_failed": mail_failed,
            "page_title": _("Message saved") if mail_failed else _("Thank you for your message"),
        },
    )
