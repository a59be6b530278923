"""``manage.py ensure_projects``: a construction project (and its reports) for every approved application
that has none (data from before the receiver, or a receiver that failed). Idempotent."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the missing construction projects and annual reports of approved applications."

    def handle(self, *args, **options):
        from innocounty.construction.services import ensure_projects

        self.stdout.write(f"created {ensure_projects()} project(s)")
