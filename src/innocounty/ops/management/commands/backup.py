"""``manage.py backup DIR``: dump the database and copy the private files into DIR (docs/deployment.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump / SQLite online backup) and MEDIA_ROOT into an empty directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"backup written to {directory}: {manifest['engine']} database ({rows} rows in "
                          f"{len(manifest['tables'])} tables), {len(manifest['files'])} files, audit chain "
                          f"#{manifest['audit']['events']} {manifest['audit']['last_hash']}")  # fmt: skip
