"""Contacting a biobank from its profile: the form and the "sent" page.

community.services.contact stores the message and queues its mail to the biobank's hub-owned
address (never shown; Reply-To: the sender), with a copy to the sender once that went (only
to a signed-in member's verified address: `contact_service.copy_allowed`); the worker sends
them after the page answered. Rate-limited per IP and per biobank and sender
(ACCOUNT_RATE_LIMITS["contact_biobank"]).
"""

from allauth.core import ratelimit
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from community.biobanks.forms import BiobankContactForm
from community.biobanks.models import Biobank
from community.services import contact as contact_service

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
        return _render_contact(request, index_page, biobank, BiobankContactForm(initial=initial))
    form = BiobankContactForm(request.POST)
    if not form.is_valid():
        return _render_contact(request, index_page, biobank, form)
    sent = redirect(f"{index_page.url}{biobank.slug}/contact/sent/")
    if form.is_spam():  # look like a success to the bot; store and send nothing
        return sent
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
    contact_service.send(biobank, sender=request.user, request=request, **form.message_fields())
    return sent


def contact_sent(request, index_page, slug):
    biobank = Biobank.objects.filter(slug=slug).first()
    if biobank is None:
        raise Http404
    return TemplateResponse(
        request,
        "community/biobanks/contact_sent.html",
        {
            "page": index_page,
            "self": index_page,
            "biobank": biobank,
            # The copy goes only to a member's verified address (which one they typed, this
            # page does not know): a visitor without an account is not promised one.
            "signed_in": request.user.is_authenticated,
            "page_title": _("Thank you for your message"),
        },
    )
