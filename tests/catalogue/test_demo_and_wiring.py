"""The demo (load_demo ships a Belgian demo catalogue and syncs the real NL export where it
exists), the home page's biobank search box, the site search type, topic pages and the admin."""

import io

import pytest
from django.core.management import call_command

from community.models import Biobank, BiobankIndexPage, SyncRun

pytestmark = pytest.mark.django_db


@pytest.mark.shared_data
def test_load_demo_shows_the_belgian_demo_and_the_real_dutch_biobanks(site_tree, nl_export, client):
    index = BiobankIndexPage.objects.get(locale__language_code="en")
    assert index.url == "/biobanks/" and index.live
    assert Biobank.objects.filter(is_demo=True).count() == 13
    assert Biobank.objects.filter(source_key="bbmri-nl").count() == 86
    uza = Biobank.objects.get(slug="uza")
    assert uza.contact_email and uza.notified_biobank and uza.topics.exists()
    body = client.get("/biobanks/?q=Doetinchem").content.decode()
    assert "(1 biobank)" in body  # the Doetinchem Cohort Study is a collection of one of them
    assert 'value="NL"' in client.get("/biobanks/").content.decode()  # the country facet
    assert client.get("/biobanks/uza/").status_code == 200

    # Run again: nothing changes, editors' work on hub-owned fields stays.
    Biobank.objects.filter(slug="uza").update(local_introduction="Edited by an editor.")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "biobanks 0 added, 0 changed, 0 withdrawn, 13 unchanged" in out.getvalue()
    assert "biobanks 0 added, 0 changed, 0 withdrawn, 86 unchanged" in out.getvalue()
    assert Biobank.objects.get(slug="uza").local_introduction == "Edited by an editor."

    # The home page offers the biobank search, cached (no queries for it when warm).
    home = client.get("/").content.decode()
    assert 'id="home-biobank-q"' in home and 'action="/biobanks/"' in home


def test_demo_runs_without_the_shared_folder(home, monkeypatch, tmp_path):
    from community.biobanks import demo as demo_biobanks

    monkeypatch.setenv("HUB_SHARED_DIR", str(tmp_path / "nowhere"))
    monkeypatch.delenv("HUB_CATALOGUE_DIR", raising=False)
    assert demo_biobanks.real_export_dir() is None
    out = io.StringIO()
    demo_biobanks.load(stdout=out)
    assert "biobanks 13 added" in out.getvalue()
    assert Biobank.objects.count() == 13
    assert SyncRun.objects.get().source_key == "demo-be"
    # The thirteen biobanks the Belgian network's page names, under their own names.
    names = set(Biobank.objects.values_list("name", flat=True))
    assert {
        "Bimetra Biobank @ UZ Gent",
        "Biothèque de l'Institut Roi Albert II - Oncology",
        "Oncology Biobank ISPPC - Charleroi",
        "Biobanque du CHU UCL Namur (Dinant Godinne)",
    } <= names
    assert "Biobank @ UZ Gent" not in names
    isppc = Biobank.objects.get(slug="isppc")
    assert isppc.location == "Charleroi" and round(isppc.latitude, 1) == 50.4
    # Most, not all, are notified; every one has a fictitious contact address.
    assert 5 < Biobank.objects.filter(notified_biobank=True).count() < 13
    emails = list(Biobank.objects.values_list("contact_email", flat=True))
    assert all(email.endswith(".example.org") for email in emails), emails


def test_home_section_is_cached_and_costs_no_queries_when_warm(
    demo_catalogue, rf, django_assert_num_queries
):
    from home import sections

    request = rf.get("/")
    first = "".join(sections.render_all(request))
    assert "Search 13 biobanks" in first
    from community.wagtail_hooks import home_biobank_search_section
    from hub.cache import scope

    section = home_biobank_search_section()
    with scope(), django_assert_num_queries(0):  # in a request: its generation read first
        warm = section.render(request)
    assert 'id="home-biobank-q"' in warm and "csrf" not in warm


def test_site_search_type_and_search_summary(demo_catalogue):
    from home import search_types

    registered = search_types.get("biobanks")
    assert registered is not None and not registered.is_pages
    listed = registered.queryset()
    bordet = listed.get(slug="bordet")
    assert str(bordet) == "Biothèque de l'Institut Jules Bordet"
    assert bordet.get_absolute_url() == "/biobanks/bordet/"
    assert bordet.search_summary.startswith("Oncology biobank of the Jules Bordet Institute")
    Biobank.objects.filter(slug="ipg").update(withdrawn=True)
    assert not registered.queryset().filter(slug="ipg").exists()


def test_topic_pages_list_tagged_biobanks(demo_catalogue):
    from community import related
    from community.models import Topic

    topic = Topic.objects.create(name="Quality", slug="quality-x")
    Biobank.objects.get(slug="uza").topics.add(topic)
    groups = related.for_topic(topic)
    biobanks = next(group for group in groups if group["label"] == "Biobanks")
    assert [b.url for b in biobanks["items"]] == ["/biobanks/uza/"]


def test_admin_lists_biobanks_sync_history_and_contact_requests(
    demo_catalogue, client, user_factory
):
    from community.models import ContactMessage

    admin = user_factory("admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    uza = Biobank.objects.get(slug="uza")
    ContactMessage.objects.create(
        target=uza, name="Ada", email="ada@example.org", message="Hello", sent_to="x@example.org"
    )
    run = SyncRun.objects.get()
    for url in (
        "/admin/biobanks/",
        f"/admin/biobanks/edit/{uza.pk}/",
        f"/admin/biobanks/inspect/{uza.pk}/",
        "/admin/catalogue_syncs/",
        f"/admin/catalogue_syncs/inspect/{run.pk}/",
        "/admin/biobank_contact_requests/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "demo-be" in client.get("/admin/catalogue_syncs/").content.decode()
    # Editors change hub-owned fields only; the catalogue's stay as synced.
    response = client.post(
        f"/admin/biobanks/edit/{uza.pk}/",
        {
            "slug": "uza",
            "local_introduction": "Hello",
            "contact_email": "new@example.org",
            "notified_biobank": "on",
            "name": "Hacked",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    uza.refresh_from_db()
    assert (uza.local_introduction, uza.contact_email, uza.name) == (
        "Hello",
        "new@example.org",
        "Biobank@UZA",
    )
