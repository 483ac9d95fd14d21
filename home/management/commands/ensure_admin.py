import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create the local admin, or reset its password, and print the login. "
        "For local demo sites only: production admins are made with createsuperuser."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.org")
        parser.add_argument("--password", help="Default: a new random password each time.")
        parser.add_argument(
            "--site-url", help="Where the login is printed for. Default: HUB_BASE_URL."
        )

    @transaction.atomic
    def handle(self, *args, email, password, site_url, **options):
        password = password or secrets.token_urlsafe(12)
        site_url = (site_url or settings.HUB_BASE_URL).rstrip("/")
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"email": email, "first_name": "Site", "last_name": "Admin"}
        )
        user.email = email
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        # allauth sends unverified addresses to e-mail confirmation before login.
        EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"\n  Admin login for {site_url}/admin/ and the site\n"
                f"    e-mail:   {email}\n"
                f"    password: {password}\n"
            )
        )
