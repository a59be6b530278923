"""``manage.py import_round_data YEAR FILE.xlsx --user USERNAME [--accept-warnings]``

Load a national workbook (counties of any province, same layout as the province template) into a
round — for historical data held by the ministry. Same validation, same all-or-nothing import; provinces
whose data was accepted are not touched. Every problem is printed with sheet, row and column.

Confirmation: the import is implied to be confirmed by the ministry's operator running it. It creates an
upload only (imported, rejected or awaiting confirmation); it submits, accepts or closes nothing, so no
consequential transition is performed — ``--accept-warnings`` is the one confirmation it takes.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.accounts.models import User
from innocounty.monitoring.models import DataRound, UploadStatus
from innocounty.monitoring.uploads import UploadedFile, import_nation_file
from innocounty.monitoring.workflow import TransitionRefused


class Command(BaseCommand):
    help = ("Validate and import a national data workbook into the round of YEAR (the ministry's national import: "
            "confirmation is implied by running it; it submits or accepts no province's data).")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="username recorded as the uploader")
        parser.add_argument("--accept-warnings", action="store_true", help="import despite warnings")

    def handle(self, year, path, user, accept_warnings=False, **options):
        data_round = DataRound.objects.filter(year=year).select_related("framework").first()
        if data_round is None:
            raise CommandError(f"no data round for {year}")
        uploader = User.objects.filter(username=user).first()
        if uploader is None:
            raise CommandError(f"no user {user!r}")
        file = UploadedFile(Path(path).name, Path(path).read_bytes())
        try:
            upload = import_nation_file(data_round, uploader, file, accept_warnings=accept_warnings)
        except TransitionRefused as exc:
            raise CommandError(exc.reason) from None
        for issue in upload.report.get("issues", []):
            where = f"{issue['sheet']}!{issue['column']}{issue['row'] or ''}".strip("!")
            self.stdout.write(f"[{issue['severity']}] {where} {issue['header']} «{issue['value']}» "
                              f"{issue['rule_label']}: {issue['message']}")
        if upload.status != UploadStatus.IMPORTED:
            raise CommandError(f"nothing imported: {upload.get_status_display()} "
                               f"({upload.error_count} errors, {upload.warning_count} warnings)")
        self.stdout.write(f"imported {upload.row_count} counties: {upload.values_created} values created, "
                          f"{upload.values_changed} changed")
