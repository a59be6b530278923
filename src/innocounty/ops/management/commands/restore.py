"""``manage.py restore DIR``: restore a backup into an empty instance and check it (docs/deployment.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and MEDIA_ROOT, then verify it."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, directory, **options):
        try:
            report = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored from {directory}: {report['rows']} rows in {report['tables']} tables, "
                          f"{report['files']} files; {report['audit']}")  # fmt: skip
