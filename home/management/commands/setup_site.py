from django.core.management.base import BaseCommand, CommandError

from home.setup_site import SetupError, setup_site


class Command(BaseCommand):
    help = (
        "Make an empty real site: the home page and every section's page (no demo content), "
        "the Wagtail Site at --base-url and the site's name. Safe to run again: only what is "
        "missing or different is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name",
            help="The site's name (Wagtail Site and site settings). Default: the current one.",
        )
        parser.add_argument(
            "--base-url",
            help="Where readers reach the site, e.g. https://hub.example.org (no path). "
            "Default: HUB_BASE_URL.",
        )

    def handle(self, *args, name, base_url, **options):
        try:
            changes, warnings = setup_site(name=name, base_url=base_url)
        except SetupError as error:
            raise CommandError(str(error)) from None
        for line in changes:
            self.stdout.write(f"  {line}")
        for line in warnings:
            self.stderr.write(self.style.WARNING(line))
        if changes:
            self.stdout.write(self.style.SUCCESS(f"The site is set up ({len(changes)} changes)."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change: the site is set up."))
