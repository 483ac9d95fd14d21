"""An edition speaks to each subscriber in their language: the editors' text as written, what
the hub adds (why you get it, how to leave) in the language the reader subscribed in."""

import pytest

from community.editions import render
from community.models import Subscriber

pytestmark = pytest.mark.django_db


def test_the_footer_is_in_the_language_the_reader_subscribed_in(make_edition):
    edition = make_edition()
    dutch = render.build_mail(edition, Subscriber(email="lid@example.org", language="nl"))
    french = render.build_mail(edition, Subscriber(email="membre@example.org", language="fr"))
    english = render.build_mail(edition, Subscriber(email="member@example.org", language=""))
    assert "Je ontvangt deze e-mail" in dutch.body
    assert "You receive this e-mail" not in dutch.body
    assert "Vous recevez cet e-mail" in french.body
    assert "You receive this e-mail because" in english.body
    assert "Hello" in dutch.body  # the edition itself as the editors wrote it
