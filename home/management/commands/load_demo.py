from importlib import import_module

from django.core.management.base import BaseCommand

# Each feature adds its demo content as a module with `load(stdout)`; order matters.
DEMO_MODULES = [
    "home.demo",
    "community.demo",
    "events.demo",
    "community.demo_groups",
    "community.demo_training",
    "community.biobanks.demo",
    "funding.demo",  # after the catalogue: listings link the demo biobanks
]


class Command(BaseCommand):
    help = "Fill an empty database with demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            import_module(name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
