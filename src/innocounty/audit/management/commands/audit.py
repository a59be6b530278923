"""``innocounty audit verify`` (or ``manage.py audit verify``): check the audit log's hash chain."""

from django.core.management.base import BaseCommand, CommandError

from innocounty.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. 'verify' walks the hash chain and reports the first broken link (exit status 1)."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        subcommands.add_parser("verify", help="walk the hash chain and report the first broken link")

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            report = verify_chain()
            if not report.ok:
                raise CommandError(str(report), returncode=1)
            self.stdout.write(self.style.SUCCESS(str(report)))
