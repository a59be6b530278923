"""``manage.py import_framework PATH_OR_NAME [--code C] [--version V] [--activate]``

Import a framework file (CSV, XLSX or YAML) or a shipped framework by name (``provisional-23``,
``hunan-15``) as a new version. Every problem of the file is listed; nothing is stored if there is one.
Activating is consequential (the framework workflow's ``activate``): ``--activate`` is its confirmation.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.monitoring.frameworks import (
    FrameworkImportError,
    activate_framework,
    import_framework,
    parse_framework_file,
)
from innocounty.monitoring.workflow import TransitionRefused


class Command(BaseCommand):
    help = "Import an indicator framework file as a new version (draft unless --activate)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the framework version here, not Django's version
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("source", help="path of a CSV/XLSX/YAML file, or a shipped framework name")
        parser.add_argument("--code", help="framework code (default: the file name without extension)")
        parser.add_argument("--version", dest="framework_version", help="version (default: the next number)")
        parser.add_argument("--activate", action="store_true",
                            help="make it the active version of its code (the previous one is superseded); "
                                 "activating is consequential and this flag is its confirmation")

    def handle(self, source, code=None, framework_version=None, activate=False, **options):
        code = code or Path(source).stem.removeprefix("framework-")
        try:
            parsed = parse_framework_file(source)
            outcome = import_framework(parsed, code, framework_version, user=None)
        except FrameworkImportError as exc:
            raise CommandError("framework not imported:\n  " + "\n  ".join(exc.problems)) from None
        self.stdout.write(outcome.message)
        if activate:
            try:  # by the platform itself (the system actor), confirmed by --activate
                activate_framework(outcome.framework, user=None, confirm=True)
            except TransitionRefused as exc:
                raise CommandError(f"not activated: {exc.reason}") from None
            self.stdout.write(f"activated {outcome.framework}")
