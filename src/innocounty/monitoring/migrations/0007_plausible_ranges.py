"""Give the indicators of the shipped frameworks already in the database their plausible range (issue 8,
item 10): the ``plausible_min``/``plausible_max`` columns of the framework files, kept in ``extra`` like every
other column of the file. Nodes that already carry a range keep it."""

from django.db import migrations

SHIPPED = ("provisional-23", "hunan-15")
FIELDS = ("plausible_min", "plausible_max")


def fill(apps, schema_editor):
    from innocounty.evaluation.framework import read_framework_records, resolve_framework_path

    FrameworkNode = apps.get_model("monitoring", "FrameworkNode")
    for code in SHIPPED:
        records, _first = read_framework_records(resolve_framework_path(code))
        ranges = {r["code"].strip(): {f: float(r[f]) for f in FIELDS if str(r.get(f, "")).strip()} for r in records}
        for node in FrameworkNode.objects.filter(framework__code=code, level=1):
            wanted = ranges.get(node.code) or {}
            if wanted and not any(f in (node.extra or {}) for f in FIELDS):
                node.extra = {**(node.extra or {}), **wanted}
                node.save(update_fields=["extra"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_field_verbose_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
