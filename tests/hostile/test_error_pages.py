"""Error answers a reader can meet: styled pages that say what happened and what to do, and
log lines an operator can read (a bad Host header is a warning, not a traceback)."""

import logging

import pytest
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import AboutPageFactory

pytestmark = pytest.mark.django_db


def test_a_bad_request_gets_the_hubs_own_page(home_page, settings):
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    response = Client().get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Bad request</h1>" in html
    assert '<main id="main"' in html and '<html lang="en">' in html
    assert "evil.example.com" not in html


def test_a_bad_host_is_one_warning_line_without_a_traceback(home_page, settings, caplog):
    settings.ALLOWED_HOSTS = ["hub.example.org"]
    caplog.set_level(logging.INFO, logger="django.security")
    Client().get("/", HTTP_HOST="evil.example.com")
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert "evil.example.com" in records[0].getMessage()


def test_a_forbidden_image_gets_the_hubs_page_with_the_menu(user_factory):
    AboutPageFactory()
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    root = Collection.get_first_root_node()
    steering = root.add_child(name="Steering group")
    CollectionViewRestriction.objects.create(
        collection=steering, restriction_type=CollectionViewRestriction.GROUPS
    ).groups.set([])
    png = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(png, "PNG")
    image = get_image_model()(title="Budget chart", collection=steering)
    image.file.save("error-pages-budget.png", ImageFile(png, name="error-pages-budget.png"))
    image.save()
    reader = Client()
    reader.force_login(user_factory())  # signed in, but not in the group
    response = reader.get(image.file.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Access denied</h1>" in html
    assert 'href="/about/"' in html  # the site's own navigation: the reader is not lost


def test_an_expired_form_says_so_and_that_nothing_was_saved(home_page):
    from community.models.newsletter import Subscriber

    response = Client(enforce_csrf_checks=True).post(
        "/newsletter/", {"email": "reader@example.org"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html and "Nothing was saved" in html
    assert not Subscriber.objects.exists()
