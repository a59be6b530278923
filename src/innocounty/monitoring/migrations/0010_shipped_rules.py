"""The shipped validation rules for the frameworks already imported (provisional-23 v1 by 0002)."""

from django.db import migrations


def install(apps, schema_editor):
    from innocounty.monitoring.columns import columns_for_nodes
    from innocounty.monitoring.rules import install_shipped_rules

    Framework = apps.get_model("monitoring", "Framework")
    Rule = apps.get_model("monitoring", "ValidationRule")
    for framework in Framework.objects.all():
        nodes = (
            framework.nodes.filter(level=1)
            .order_by("position")
            .values("code", "name", "unit", "denominator", "extra")
        )
        install_shipped_rules(framework, Rule, [c.code for c in columns_for_nodes(nodes)])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0009_data_quality")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
