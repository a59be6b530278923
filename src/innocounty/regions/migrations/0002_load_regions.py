"""Load the division fixture, so that ``migrate`` alone gives a database with every county.

Later fixture refreshes are applied with ``manage.py load_regions``; this migration only loads
whatever fixture is current when it runs (idempotent, so re-running it is harmless).
"""

from django.db import migrations


def load(apps, schema_editor):
    from innocounty.regions.loading import load_regions

    load_regions(
        apps.get_model("regions", "Province"),
        apps.get_model("regions", "Prefecture"),
        apps.get_model("regions", "County"),
        apps.get_model("regions", "UnitTypeEligibility"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=True),
    ]
