"""Partnership listings: submitting, moderation (never public before approval), expiry,
the directory with filters and search, and contacting the partner."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community.models import ContactMessage
from funding.models import PartnershipListing

pytestmark = pytest.mark.django_db


def listing_titles(response) -> list[str]:
    return re.findall(
        r'class="funding-card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode()
    )


def submission(**changes) -> dict:
    data = {
        "kind": "request",
        "title": "Looking for FFPE tissue",
        "summary": "We seek tissue.",
        "description": "Fifty FFPE blocks of colorectal tumours for an assay validation.",
        "organisation_name": "Assay Makers BV",
        "organisation_type": "company",
        "sector": "diagnostics",
        "country": "BE",
        "resources": ["samples", "data"],
        "trl": "5",
        "commercial_use": "allowed",
        "commercial_terms": "",
        "contact_role": "R&D lead",
        "contact_email": "rnd@assaymakers.example.com",
        "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }
    data.update(changes)
    return data


# --- Submitting and moderating ---------------------------------------------------------------


def test_submitting_needs_an_account(client, partnership_index):
    response = client.get("/partnerships/submit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.post("/partnerships/submit/", submission())
    assert not PartnershipListing.objects.exists()


def test_a_submission_waits_for_review_and_is_never_public_before(
    client, user_factory, moderator, partnership_index, committed
):
    editor = moderator()
    member = user_factory()
    client.force_login(member)
    with committed():
        response = client.post("/partnerships/submit/", submission())
    listing = PartnershipListing.objects.get()
    assert response.status_code == 302
    assert listing.status == "pending" and listing.submitted_by == member
    assert listing.resources == ["samples", "data"]
    # The editors are told.
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Looking for FFPE tissue" in mail.outbox[0].subject
    # The submitter sees it, marked as waiting; nobody else does.
    assert "waits for review" in client.get(f"/partnerships/{listing.pk}/").content.decode()
    client.logout()
    assert client.get(f"/partnerships/{listing.pk}/").status_code == 404
    assert listing_titles(client.get("/partnerships/")) == []
    assert not PartnershipListing.objects.public().exists()
    client.force_login(user_factory(email="other@example.org"))
    assert client.get(f"/partnerships/{listing.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"expires_on": "2020-01-01"}, "The expiry date is in the past"),
        ({"expires_on": "not a date"}, "Enter a date"),
        ({"resources": []}, "Tick at least one thing"),
        ({"title": ""}, "Give your listing a title"),
        ({"contact_email": "nope"}, "valid email"),
        ({"kind": "gift"}, "Select a valid choice"),
        ({"title": "two\nlines"}, "one line"),
    ],
)
def test_bad_submissions_say_why_and_write_nothing(
    client, user_factory, partnership_index, changes, message
):
    client.force_login(user_factory())
    response = client.post("/partnerships/submit/", submission(**changes))
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not PartnershipListing.objects.exists()
    assert mail.outbox == []


def test_script_in_a_listing_is_shown_as_text(client, user_factory, moderator, partnership_index):
    from funding import services

    member = user_factory()
    client.force_login(member)
    client.post(
        "/partnerships/submit/",
        submission(title="<script>alert(1)</script>", description='<img src=x onerror="alert(2)">'),
    )
    listing = PartnershipListing.objects.get()
    services.approve_listing(listing, moderator())
    for url in (f"/partnerships/{listing.pk}/", "/partnerships/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert '<img src=x onerror="alert(2)">' not in html


def test_moderators_approve_in_the_admin_and_the_submitter_is_told(
    client, make_listing, moderator, user_factory, committed
):
    owner = user_factory(email="owner@example.org")
    listing = make_listing("Pending offer", status="pending", owner=owner)
    client.force_login(moderator())
    queue = client.get("/admin/funding/moderation/")
    assert queue.status_code == 200 and "Pending offer" in queue.content.decode()
    with committed():
        response = client.post(f"/admin/funding/moderation/{listing.pk}/", {"action": "approve"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == "approved" and listing.reviewed_at is not None
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    assert "published" in mail.outbox[0].subject
    client.logout()
    assert client.get(f"/partnerships/{listing.pk}/").status_code == 200
    assert listing_titles(client.get("/partnerships/")) == ["Pending offer"]


def test_rejection_needs_a_reason_which_is_mailed(
    client, make_listing, moderator, user_factory, committed
):
    owner = user_factory(email="owner@example.org")
    listing = make_listing("Dubious offer", status="pending", owner=owner)
    client.force_login(moderator())
    client.post(f"/admin/funding/moderation/{listing.pk}/", {"action": "reject", "reason": " "})
    listing.refresh_from_db()
    assert listing.status == "pending" and mail.outbox == []
    with committed():
        client.post(
            f"/admin/funding/moderation/{listing.pk}/",
            {"action": "reject", "reason": "Please name the organisation."},
        )
    listing.refresh_from_db()
    assert listing.status == "rejected"
    assert "Please name the organisation." in mail.outbox[0].body
    assert mail.outbox[0].to == ["owner@example.org"]
    client.logout()
    assert client.get(f"/partnerships/{listing.pk}/").status_code == 404


def test_members_who_do_not_moderate_cannot_approve(client, make_listing, user_factory):
    listing = make_listing(status="pending")
    client.force_login(user_factory())
    response = client.post(f"/admin/funding/moderation/{listing.pk}/", {"action": "approve"})
    assert response.status_code in (302, 403)
    listing.refresh_from_db()
    assert listing.status == "pending"


def test_admin_listing_views_render(client, make_listing, moderator, django_user_model):
    listing = make_listing()
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    for url in (
        "/admin/partnership_listings/",
        "/admin/partnership_listings/?status=pending",
        f"/admin/partnership_listings/edit/{listing.pk}/",
        "/admin/partner_messages/",
        "/admin/snippets/funding/funder/",
    ):
        assert client.get(url).status_code == 200, url


# --- Expiry ----------------------------------------------------------------------------------


def test_expired_listings_leave_the_directory_by_themselves(client, make_listing):
    make_listing("Current offer", expires_in=0)
    old = make_listing("Expired offer", expires_in=-1)
    assert listing_titles(client.get("/partnerships/")) == ["Current offer"]
    assert client.get(f"/partnerships/{old.pk}/").status_code == 404


def test_owner_renews_a_listing(client, make_listing, user_factory):
    owner = user_factory()
    listing = make_listing(expires_in=3, owner=owner)
    client.force_login(owner)
    assert client.get(f"/partnerships/{listing.pk}/renew/").status_code == 200
    client.post(f"/partnerships/{listing.pk}/renew/", {"days": "180"})
    listing.refresh_from_db()
    assert listing.expires_on == timezone.localdate() + timedelta(days=180)
    client.force_login(user_factory(email="intruder@example.org"))
    assert client.post(f"/partnerships/{listing.pk}/renew/", {"days": "365"}).status_code == 404


# --- The directory ---------------------------------------------------------------------------


def test_directory_filters_and_junk(client, make_listing, topic):
    quality = topic("Sample quality")
    make_listing("Serum offer", kind="offer", resources=["samples"], topics=[quality])
    make_listing(
        "AI request",
        kind="request",
        organisation_type="company",
        sector="data",
        resources=["data", "images"],
    )
    assert listing_titles(client.get("/partnerships/?kind=request")) == ["AI request"]
    assert listing_titles(client.get("/partnerships/?resource=images")) == ["AI request"]
    assert listing_titles(client.get("/partnerships/?topic=sample-quality")) == ["Serum offer"]
    assert listing_titles(client.get("/partnerships/?organisation_type=company&sector=data")) == [
        "AI request"
    ]
    for junk in (
        "?kind=gift",
        "?page=x",
        "?resource=%00",
        "?topic=<b>",
        "?sector=" + "x" * 999,
        "?q=%00",
    ):
        response = client.get("/partnerships/" + junk)
        assert response.status_code == 200, junk
        assert sorted(listing_titles(response)) == ["AI request", "Serum offer"], junk


def test_directory_search(client, make_listing):
    make_listing("Serum offer", description="Thousands of serum aliquots from a cohort.")
    make_listing("Imaging request", kind="request", description="Looking for MRI scans.")
    make_listing("Hidden serum", status="pending", description="serum")
    assert listing_titles(client.get("/partnerships/?q=serum")) == ["Serum offer"]
    assert listing_titles(client.get("/partnerships/?q=MRI")) == ["Imaging request"]


def test_directory_and_listing_query_counts(
    client, make_listing, topic, django_assert_max_num_queries
):
    quality = topic("Sample quality")
    first = make_listing("First", topics=[quality])
    client.get("/partnerships/")
    with django_assert_max_num_queries(20) as few:
        client.get("/partnerships/")
    baseline = len(few.captured_queries)  # read now: the next request clears the log
    for number in range(12):
        make_listing(f"Listing {number}", topics=[quality])
    client.get("/partnerships/")  # warm the cached menu and footer again
    with django_assert_max_num_queries(baseline):
        assert len(listing_titles(client.get("/partnerships/"))) == 10
    client.get(f"/partnerships/{first.pk}/")
    with django_assert_max_num_queries(20):
        assert client.get(f"/partnerships/{first.pk}/").status_code == 200


# --- Contact the partner ---------------------------------------------------------------------


def test_anyone_can_contact_a_partner_without_an_account_and_never_sees_the_address(
    client, make_listing, committed
):
    """Like biobank contact: no account needed, the message stored, the mail through the
    outbox (to the lister, Reply-To the sender), and no copy to the address a visitor typed
    (anyone could type a victim's: the hub would mail them in its name)."""
    listing = make_listing()
    html = client.get(f"/partnerships/{listing.pk}/").content.decode()
    assert "access-desk@biobank.example.org" not in html
    response = client.get(f"/partnerships/{listing.pk}/contact/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "You do not need an account" in page
    assert "We do not send copies to addresses we have not verified." in page
    assert "you get a copy of your message" not in page
    assert "access-desk@biobank.example.org" not in page
    with committed():
        response = client.post(
            f"/partnerships/{listing.pk}/contact/",
            {
                "name": "Company Scout",
                "email": "scout@company.example.com",
                "message": "We would like 200 serum aliquots.",
                "website": "",
            },
        )
    assert response.status_code == 302 and response["Location"] == f"/partnerships/{listing.pk}/"
    stored = ContactMessage.objects.get()
    assert stored.target == listing and stored.sender is None
    assert (stored.name, stored.email) == ("Company Scout", "scout@company.example.com")
    assert stored.sent_to == "access-desk@biobank.example.org"
    [to_partner] = mail.outbox
    assert to_partner.to == ["access-desk@biobank.example.org"]
    assert to_partner.reply_to == ["scout@company.example.com"]
    assert "200 serum aliquots" in to_partner.body
    shown = client.get(f"/partnerships/{listing.pk}/").content.decode()
    assert "will be forwarded to the partner" in shown and "you will get a copy" not in shown
    assert "We do not send copies to addresses we have not verified." in shown


def test_a_member_finds_their_name_and_address_filled_in_and_is_the_sender(
    client, make_listing, user_factory, committed
):
    listing = make_listing()
    member = user_factory(email="researcher@example.org", first_name="Rosa", last_name="Franklin")
    client.force_login(member)
    page = client.get(f"/partnerships/{listing.pk}/contact/").content.decode()
    assert 'value="Rosa Franklin"' in page and 'value="researcher@example.org"' in page
    assert "access-desk@biobank.example.org" not in page
    with committed():
        response = client.post(
            f"/partnerships/{listing.pk}/contact/",
            {
                "name": "Researcher",
                "email": "researcher@example.org",
                "message": "We would like 200 serum aliquots.",
                "website": "",
            },
        )
    assert response.status_code == 302
    to_partner, copy = mail.outbox  # their verified address: the copy, after the message
    assert to_partner.to == ["access-desk@biobank.example.org"]
    assert copy.to == ["researcher@example.org"]
    assert "access-desk@biobank.example.org" not in copy.body
    stored = ContactMessage.objects.get()
    assert stored.target == listing and stored.message == "We would like 200 serum aliquots."
    assert (stored.sender, stored.sent_to) == (member, "access-desk@biobank.example.org")
    assert stored.mail_failed_at is None
    shown = client.get(f"/partnerships/{listing.pk}/").content.decode()
    assert "you will get a copy at researcher@example.org" in shown


def test_a_member_who_types_an_address_not_verified_as_theirs_gets_no_copy(
    client, make_listing, user_factory, committed
):
    from allauth.account.models import EmailAddress

    listing = make_listing()
    member = user_factory(email="researcher@example.org")
    EmailAddress.objects.create(user=member, email="lab@example.org", verified=False)
    client.force_login(member)
    for typed in ("lab@example.org", "victim@example.org"):
        mail.outbox.clear()
        with committed():
            response = client.post(
                f"/partnerships/{listing.pk}/contact/",
                {"name": "Researcher", "email": typed, "message": "Serum?", "website": ""},
            )
        assert response.status_code == 302
        [to_partner] = mail.outbox
        assert to_partner.to == ["access-desk@biobank.example.org"]
        assert to_partner.reply_to == [typed]
        shown = client.get(f"/partnerships/{listing.pk}/").content.decode()
        assert "you will get a copy" not in shown
        assert "We do not send copies to addresses we have not verified." in shown


def test_contact_refuses_bad_input_with_a_message_and_stores_nothing(client, make_listing):
    listing = make_listing()
    response = client.post(
        f"/partnerships/{listing.pk}/contact/",
        {"name": "", "email": "not-an-address", "message": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Enter your name.", "Enter a valid e-mail address", "Write your message."):
        assert message in page, message
    assert mail.outbox == [] and not ContactMessage.objects.exists()


def test_contact_honeypot_sends_and_stores_nothing(client, make_listing, committed):
    listing = make_listing()
    with committed():
        response = client.post(
            f"/partnerships/{listing.pk}/contact/",
            {"name": "Bot", "email": "bot@example.org", "message": "Buy", "website": "http://spam"},
        )
    assert response.status_code == 302, "a bot is told nothing"
    assert mail.outbox == [] and not ContactMessage.objects.exists()


def test_contact_is_rate_limited_like_biobank_contact(client, make_listing, settings):
    """The biobank contact's limits (settings.ACCOUNT_RATE_LIMITS): three messages an hour from
    one sender to one listing, five a minute from one client address whoever signs them."""
    limits = settings.ACCOUNT_RATE_LIMITS
    assert limits["contact_partner"] == limits["contact_biobank"]
    first, second = make_listing("First"), make_listing("Second")

    def write(listing, email):
        return client.post(
            f"/partnerships/{listing.pk}/contact/",
            {"name": "Eager", "email": email, "message": "Serum for our assay?"},
        )

    for _number in range(3):
        assert write(first, "eager@example.org").status_code == 302
    refused = write(first, "Eager@Example.org")  # the same sender, however spelt
    assert refused.status_code == 429
    assert "Too many messages" in refused.content.decode()
    assert "Serum for our assay?" in refused.content.decode(), "the text is still there"
    assert ContactMessage.objects.count() == 3
    # Another listing is fine for the same sender, until the client address has made five
    # attempts in a minute (the refused one counts too).
    assert write(second, "eager@example.org").status_code == 302
    assert write(second, "other@example.org").status_code == 429
    assert ContactMessage.objects.count() == 4


def test_unapproved_or_expired_listings_cannot_be_contacted(client, make_listing, user_factory):
    listings = [make_listing("Pending", status="pending"), make_listing("Expired", expires_in=-2)]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(user_factory())
        for listing in listings:
            assert client.get(f"/partnerships/{listing.pk}/contact/").status_code == 404
            response = client.post(
                f"/partnerships/{listing.pk}/contact/",
                {"name": "A", "email": "a@example.org", "message": "Hi"},
            )
            assert response.status_code == 404
    assert mail.outbox == [] and not ContactMessage.objects.exists()


def test_moderators_read_partner_messages_and_no_other_contact_messages(
    client, make_listing, moderator, user_factory, committed
):
    from community.models import Person

    listing = make_listing()
    client.force_login(user_factory(email="researcher@example.org"))
    with committed():
        client.post(
            f"/partnerships/{listing.pk}/contact/",
            {"name": "Researcher", "email": "researcher@example.org", "message": "Serum?"},
        )
    person = Person.objects.create(name="Quality officer", email="quality@example.org")
    ContactMessage.objects.create(
        target=person, name="Sam", email="sam@example.org", message="SOP?", sent_to=person.email
    )
    client.force_login(moderator())
    menu = client.get("/admin/").content.decode()
    assert "/admin/partner_messages/" in menu and "/admin/contact_messages/" not in menu
    listed = client.get("/admin/partner_messages/").content.decode()
    assert "researcher@example.org" in listed and "sam@example.org" not in listed
    assert client.get("/admin/contact_messages/")["Location"] == "/admin/"  # not allowed


def test_a_listing_names_the_catalogue_biobanks_it_concerns(
    client, user_factory, moderator, partnership_index
):
    from community.models import Biobank
    from funding import services

    uza = Biobank.objects.create(
        catalogue_id="bbmri-eric:ID:BE_UZA", name="Biobank@UZA", slug="uza"
    )
    gone = Biobank.objects.create(
        catalogue_id="bbmri-eric:ID:BE_OLD", name="Old biobank", slug="old", withdrawn=True
    )
    client.force_login(user_factory())
    # A withdrawn biobank cannot be chosen: the form says so and nothing is stored.
    response = client.post("/partnerships/submit/", submission(biobanks=[gone.pk]))
    assert "Select a valid choice" in response.content.decode()
    assert not PartnershipListing.objects.exists()

    client.post("/partnerships/submit/", submission(biobanks=[uza.pk]))
    listing = PartnershipListing.objects.get()
    assert list(listing.biobanks.all()) == [uza]
    services.approve_listing(listing, moderator())
    html = client.get(f"/partnerships/{listing.pk}/").content.decode()
    assert f'<a href="{uza.get_absolute_url()}">Biobank@UZA</a>' in html
