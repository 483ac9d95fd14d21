"""Composing an edition: the previews (web page, HTML mail, text mail) with the automatic blocks
filled from the hub, the admin's "Send a test to me" and the send confirmation."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from community.editions.models import Edition
from hub.outbox.models import OutgoingMail
from tests.factories import (
    BiobankFactory,
    EventPageFactory,
    FundingCallPageFactory,
    NewsPageFactory,
    PartnershipListingFactory,
)

pytestmark = pytest.mark.django_db

AUTO_BODY = [
    ("text", "<p>Dear community,</p><ul><li>first point</li></ul>"),
    ("latest_news", {"heading": "", "count": 2}),
    ("upcoming_events", {"heading": "Meet us", "count": 3}),
    ("closing_calls", {"heading": "", "count": 3}),
    ("new_partnerships", {"heading": "", "count": 3}),
    ("new_biobanks", {"heading": "", "count": 1}),
]


@pytest.fixture
def hub_content():
    NewsPageFactory(title="Old news")
    NewsPageFactory(title="Fresh news")
    NewsPageFactory(title="Freshest news")
    EventPageFactory(title="Biobanks Day", capacity=40)
    FundingCallPageFactory(title="Tools call", deadlines=(5,))
    FundingCallPageFactory(title="Far call", deadlines=(200,))
    PartnershipListingFactory(title="Serum offer")
    PartnershipListingFactory(title="Hidden offer", status="pending")
    BiobankFactory(name="Older Biobank")
    BiobankFactory(name="Newest Biobank")


def preview(edition, mode, user):
    request = RequestFactory().get("/")
    request.user = user
    response = edition.serve_preview(request, mode)
    if hasattr(response, "render"):
        response.render()
    return response.content.decode()


def test_every_preview_mode_shows_the_automatic_blocks_with_hub_content(
    hub_content, make_edition, editor
):
    edition = make_edition(body=AUTO_BODY, publish=False)
    assert [mode for mode, _label in edition.preview_modes] == ["web", "email_html", "email_text"]
    for mode in ("web", "email_html", "email_text"):
        content = preview(edition, mode, editor)
        assert "Fresh news" in content and "Freshest news" in content
        assert "Old news" not in content  # "how many": two
        assert "meet us" in content.lower() and "Biobanks Day" in content
        assert "40 places left" in content  # the registration state
        assert "Tools call" in content and "Far call" not in content  # closing soon only
        assert "Serum offer" in content and "Hidden offer" not in content
        assert "Newest Biobank" in content and "Older Biobank" not in content
    html = preview(edition, "email_html", editor)
    assert "<table" not in html and 'style="' in html
    assert "http://testserver/news/" in html  # absolute links in a mail
    assert "Unsubscribe" in html  # the footer a subscriber gets
    text = preview(edition, "email_text", editor)
    assert "<" not in text and "- first point" in text and "LATEST NEWS" in text


def test_images_carry_their_alt_text(make_edition, editor):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Lab", file=get_test_image_file())
    body = [("image", {"image": image, "alt_text": "Freezers in the lab", "caption": "Our lab"})]
    edition = make_edition(body=body)
    assert 'alt="Freezers in the lab"' in preview(edition, "email_html", editor)
    assert "[Freezers in the lab] Our lab" in preview(edition, "email_text", editor)


def test_the_admin_edit_and_preview_pages_work(client, make_edition, editor):
    edition = make_edition(publish=False)
    client.force_login(editor)
    edit = client.get(reverse("wagtailsnippets_editions_edition:edit", args=[edition.pk]))
    assert edit.status_code == 200
    assert "Send a test to me" in edit.content.decode()


def test_send_a_test_to_me_queues_one_mail_to_the_editor(
    client, make_edition, editor, subscribe, django_capture_on_commit_callbacks
):
    subscribe("reader@example.org")
    edition = make_edition(publish=False)
    client.force_login(editor)
    url = reverse("wagtailsnippets_editions_edition:send_test", args=[edition.pk])
    assert "editor@example.org" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "A test is on its way to editor@example.org" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert mail.outbox[0].subject == "[Test] Community update autumn"
    assert OutgoingMail.objects.filter(kind="newsletter.edition.test").count() == 1
    assert not Edition.objects.get(pk=edition.pk).sent_at  # a test is not a sending


def test_send_page_names_the_number_of_recipients(client, make_edition, editor, subscribe):
    for n in range(3):
        subscribe(f"reader{n}@example.org")
    subscribe("pending@example.org", confirmed=False)
    edition = make_edition()
    client.force_login(editor)
    page = client.get(reverse("wagtailsnippets_editions_edition:send", args=[edition.pk]))
    assert "to 3 subscribers?" in page.content.decode()
    assert not mail.outbox and not Edition.objects.get(pk=edition.pk).sent_at


def test_an_unpublished_edition_cannot_be_sent(client, make_edition, editor, subscribe):
    subscribe("reader@example.org")
    edition = make_edition(publish=False)
    client.force_login(editor)
    url = reverse("wagtailsnippets_editions_edition:send", args=[edition.pk])
    assert "is not published" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "is not published" in response.content.decode()
    assert not OutgoingMail.objects.exists() and not Edition.objects.get(pk=edition.pk).sent_at
