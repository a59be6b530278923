"""``manage.py load_regions``: bring provinces, prefectures and counties in line with the fixture."""

import time

from django.core.management.base import BaseCommand

from innocounty.regions.fixture import current_fixture_path, read_fixture
from innocounty.regions.loading import load_regions_with_current_models
from innocounty.regions.successions import SUCCESSIONS_CSV, load_successions


class Command(BaseCommand):
    help = "Load the versioned division fixture (idempotent). Migrate already does this once."

    def add_arguments(self, parser):
        parser.add_argument("--prune", action="store_true",
                            help="delete rows that are no longer in the fixture (fails if referenced)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, prune: bool, database: str, **options):
        path = current_fixture_path()
        started = time.perf_counter()
        report = load_regions_with_current_models(fixture=read_fixture(path), prune=prune, using=database)
        successions = load_successions() if database == "default" else None
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{path.name}:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        if successions is not None:
            self.stdout.write(f"{SUCCESSIONS_CSV.name}: {successions.created} successions created, "
                              f"{successions.unchanged} unchanged, {successions.historic_units} historic units added")
        self.stdout.write(self.style.SUCCESS(f"regions loaded in {elapsed:.2f} s"))
