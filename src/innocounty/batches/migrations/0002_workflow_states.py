"""The province's list and the batch's data evaluation get state columns of their own (workflow machine)."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Batch = apps.get_model("batches", "Batch")
    BatchProvince = apps.get_model("batches", "BatchProvince")
    Batch.objects.filter(data_evaluation_closed=True).update(data_evaluation_state="closed")
    BatchProvince.objects.filter(list_submitted_at__isnull=False).update(list_state="submitted")


def backwards(apps, schema_editor):
    Batch = apps.get_model("batches", "Batch")
    Batch.objects.filter(data_evaluation_state="closed").update(data_evaluation_closed=True)


class Migration(migrations.Migration):
    dependencies = [("batches", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="batch",
            name="data_evaluation_state",
            field=models.CharField(choices=[("open", "进行中"), ("closed", "已结束")], default="open",
                                   max_length=16, verbose_name="数据评价"),
        ),
        migrations.AddField(
            model_name="batchprovince",
            name="list_state",
            field=models.CharField(choices=[("open", "编制中"), ("submitted", "已报送")], default="open",
                                   max_length=16, verbose_name="推荐名单"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="batch", name="data_evaluation_closed"),
    ]
