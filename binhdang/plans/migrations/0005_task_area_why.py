"""A task's area reason as data (said in the reader's language), not a stored Vietnamese sentence.
Reasons written before are kept as they were ({"text": …})."""

from django.db import migrations, models


def keep_the_sentences(apps, schema_editor):  # noqa: ANN001, ARG001
    task_model = apps.get_model("plans", "Task")
    for task in task_model.objects.exclude(area_reason="").only("pk", "area_reason").iterator():
        task_model.objects.filter(pk=task.pk).update(area_why={"text": task.area_reason})


def back_to_sentences(apps, schema_editor):  # noqa: ANN001, ARG001
    task_model = apps.get_model("plans", "Task")
    for task in task_model.objects.only("pk", "area_why").iterator():
        text = (task.area_why or {}).get("text", "")
        if text:
            task_model.objects.filter(pk=task.pk).update(area_reason=text[:300])


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_source_kind_choices")]

    operations = [
        migrations.AddField(
            model_name="task",
            name="area_why",
            field=models.JSONField(blank=True, default=dict, verbose_name="why this area"),
        ),
        migrations.RunPython(keep_the_sentences, back_to_sentences),
        migrations.RemoveField(model_name="task", name="area_reason"),
    ]
