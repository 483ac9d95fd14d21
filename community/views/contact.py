"""The contact form for the people (community.Person) shown on topic and working-group pages.

The person's address never reaches a page: the message is mailed to it from here, with the
sender's address as Reply-To. The sender gets no copy (that would let anyone use the form to
mail any address), only a thank-you page. Rate-limited per IP with allauth's mechanism
(ACCOUNT_RATE_LIMITS["contact_person"]).

Each message is stored first (PersonMessage). If the mail server fails, the message is marked,
the thank-you page says it could not be sent yet, and ``manage.py resend_failed_mails`` sends it
once the server is back.
"""

from allauth.core import ratelimit
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.forms.contact import ContactForm
from community.models import Person, PersonMessage
from community.services import mail

RATE_LIMIT_ACTION = "contact_person"
MAIL_FAILED_SESSION_KEY = "contact_person_mail_failed"


def _contactable(person_id) -> Person:
    """The person, or 404 if there is none or they have no address to write to."""
    return get_object_or_404(Person.objects.exclude(email=""), pk=person_id)


def _render(request, person, form, status=200):
    return render(
        request,
        "community/contact/form.html",
        {
            "person": person,
            "form": form,
            "page_title": _("Contact %(name)s") % {"name": person.name},
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def contact_person(request, person_id):
    person = _contactable(person_id)
    if request.method != "POST":
        initial = {}
        if request.user.is_authenticated:
            initial = {"name": request.user.get_full_name(), "email": request.user.email}
        return _render(request, person, ContactForm(initial=initial, auto_id="contact-%s"))

    form = ContactForm(request.POST, auto_id="contact-%s")
    if not form.is_valid():
        return _render(request, person, form)
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION):
        form.add_error(
            None,
            _(
                "Too many messages have been sent from your connection. Please "
                "wait a while and try again; your text is still here."
            ),
        )
        return _render(request, person, form, status=429)
    data = form.cleaned_data
    stored = PersonMessage.objects.create(
        person=person, name=data["name"], email=data["email"], message=data["message"]
    )
    if mail.send(message_mail(stored, request)):
        request.session.pop(MAIL_FAILED_SESSION_KEY, None)
    else:
        PersonMessage.objects.filter(pk=stored.pk).update(mail_failed_at=timezone.now())
        request.session[MAIL_FAILED_SESSION_KEY] = True  # the thank-you page must not say "sent"
    return redirect("contact_person_thanks", person_id=person.pk)


def message_mail(stored: PersonMessage, request=None):
    """The mail to the person (Reply-To: the sender), from the stored message."""
    return mail.render_mail(
        "community/email/contact_message",
        {
            "organisation_name": mail.organisation_name(request),
            "person": stored.person,
            "sender_name": stored.name,
            "sender_email": stored.email,
            "message": stored.message,
            "site_url": mail.absolute_url("/", request),
        },
        to=[stored.person.email],
        reply_to=[stored.email],
    )


@require_http_methods(["GET", "HEAD"])
def thanks(request, person_id):
    person = _contactable(person_id)
    mail_failed = request.session.pop(MAIL_FAILED_SESSION_KEY, False)
    return render(
        request,
        "community/contact/thanks.html",
        {
            "person": person,
            "mail_failed": mail_failed,
            "page_title": _("Message saved") if mail_failed else _("Thank you for your message"),
        },
    )
