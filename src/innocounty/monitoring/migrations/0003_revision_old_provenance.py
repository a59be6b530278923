"""Revisions record changes only, each with the provenance of the value it replaced.

The first value's provenance is the IndicatorValue row itself; the ``is_initial`` revision rows that
duplicated it are dropped (this halves the rows an import writes). Existing change rows get their own
upload/user/time as the replaced value's provenance, the best that can be said about them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def drop_initial_rows(apps, schema_editor):
    Revision = apps.get_model("monitoring", "IndicatorValueRevision")
    Revision.objects.filter(is_initial=True).delete()


def fill_old_provenance(apps, schema_editor):
    Revision = apps.get_model("monitoring", "IndicatorValueRevision")
    Revision.objects.update(
        old_upload=models.F("upload"), old_by=models.F("changed_by"), old_at=models.F("changed_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_load_provisional_framework"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_initial_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="indicatorvaluerevision", name="is_initial"),
        migrations.AddField(
            model_name="indicatorvaluerevision", name="old_upload",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="monitoring.upload"),
        ),
        migrations.AddField(
            model_name="indicatorvaluerevision", name="old_by",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(model_name="indicatorvaluerevision", name="old_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(fill_old_provenance, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="indicatorvaluerevision", name="old_upload",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="monitoring.upload"),
        ),
        migrations.AlterField(
            model_name="indicatorvaluerevision", name="old_by",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(model_name="indicatorvaluerevision", name="old_at", field=models.DateTimeField()),
    ]
