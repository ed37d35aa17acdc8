"""Reports accepted before task results were locked with them: lock them now (plans.ProgressLock),
as accepting them today would."""

from django.db import migrations


def lock_accepted(apps, schema_editor):  # noqa: ANN001, ANN201
    Submission = apps.get_model("reporting", "Submission")
    ProgressLock = apps.get_model("plans", "ProgressLock")
    pairs = set(
        Submission.objects.filter(status="accepted", period__plan__isnull=False).values_list(
            "period__plan_id", "unit_id"
        )
    )
    ProgressLock.objects.bulk_create(
        [ProgressLock(plan_id=plan, unit_id=unit) for plan, unit in pairs], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_submission_version_starts_at_one"),
        ("plans", "0002_progress_locks"),
    ]

    operations = [migrations.RunPython(lock_accepted, migrations.RunPython.noop)]
