"""Load the shipped provisional-23 framework as the active version 1, so a data round can be opened at once."""

from django.db import migrations

SHIPPED = "provisional-23"


def load(apps, schema_editor):
    from innocounty.monitoring.frameworks import parse_framework_file, store_nodes

    Framework = apps.get_model("monitoring", "Framework")
    FrameworkNode = apps.get_model("monitoring", "FrameworkNode")
    if Framework.objects.filter(code=SHIPPED).exists():
        return
    parsed = parse_framework_file(SHIPPED)
    framework = Framework.objects.create(
        code=SHIPPED, version="1", name=parsed.name, source_name=parsed.source_name,
        source_sha256=parsed.sha256, status="active",
    )
    store_nodes(FrameworkNode, framework, parsed.nodes)


def unload(apps, schema_editor):
    Framework = apps.get_model("monitoring", "Framework")
    Framework.objects.filter(code=SHIPPED, version="1", data_rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
