from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.models import Site

from home.setup_site import SetupError, site_address

# Each feature adds its demo content as a module with `load(stdout)`; order matters.
DEMO_MODULES = [
    "home.demo",
    "community.demo",
    "events.demo",
    "community.demo_groups",
    "community.demo_training",
    "community.biobanks.demo",
    "funding.demo",  # after the catalogue: listings link the demo biobanks
    "community.editions.demo",  # last: its self-filling blocks show the rest of the demo
    "home.demo_translations",  # after all it translates: Dutch and French pages (issue 21)
]


class Command(BaseCommand):
    help = "Fill an empty database with demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            import_module(name).load(stdout=self.stdout)
        # The demo's Site answers at HUB_BASE_URL (`make run PORT=…` sets it), so the sitemap
        # and the admin link the port being served, as the mails do.
        try:
            host, port = site_address(settings.HUB_BASE_URL)
        except SetupError as error:
            self.stderr.write(self.style.WARNING(f"The demo's Site is left as it is: {error}"))
        else:
            # save(), not update(): Wagtail forgets the site root paths it cached on save.
            for site in Site.objects.filter(is_default_site=True).exclude(hostname=host, port=port):
                site.hostname, site.port = host, port
                site.save()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
