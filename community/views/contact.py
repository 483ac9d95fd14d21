"""The contact form for the people (community.Person) shown on topic and working-group pages.

The person's address never reaches a page: community.services.contact stores the message and
queues its mail to the person (hub.outbox), with the sender's address as Reply-To. The sender
gets no copy (that would let anyone use the form to mail any address), only a thank-you page:
the worker sends the mail after the page answered, so the page says it will be forwarded, not
that it was. Rate-limited per IP with allauth's mechanism (ACCOUNT_RATE_LIMITS["contact_person"]).
"""

from allauth.core import ratelimit
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.forms.contact import PersonContactForm
from community.models import Person
from community.services import contact

RATE_LIMIT_ACTION = "contact_person"


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
        return _render(request, person, PersonContactForm(initial=initial))

    form = PersonContactForm(request.POST)
    if not form.is_valid():
        return _render(request, person, form)
    thanks = redirect("contact_person_thanks", person_id=person.pk)
    if form.is_spam():  # look like a success to the bot; store and send nothing
        return thanks
    if not ratelimit.consume(request, action=RATE_LIMIT_ACTION):
        form.add_error(
            None,
            _(
                "Too many messages have been sent from your connection. Please "
                "wait a while and try again; your text is still here."
            ),
        )
        return _render(request, person, form, status=429)
    contact.send(person, request=request, **form.message_fields())
    return thanks


@require_http_methods(["GET", "HEAD"])
def thanks(request, person_id):
    person = _contactable(person_id)
    return render(
        request,
        "community/contact/thanks.html",
        {"person": person, "page_title": _("Thank you for your message")},
    )
