import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(**options):
    out = io.StringIO()
    call_command("ensure_admin", stdout=out, **options)
    return out.getvalue()


def test_admin_is_created_once_and_can_sign_in_after_a_reset(client, site_tree):
    run(password="first-Passw0rd")
    output = run()  # a second `make run` resets the password and prints the new one
    password = output.split("password: ")[1].split()[0]
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert "admin@example.org" in output

    response = client.post("/accounts/login/", {"login": "admin@example.org", "password": password})
    assert response.status_code == 302, "the printed login must work without e-mail confirmation"
    assert client.get("/admin/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    response = client.post(
        "/accounts/login/", {"login": "admin@example.org", "password": "first-Passw0rd"}
    )
    assert response.status_code == 200  # the old password no longer works
