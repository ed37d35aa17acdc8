"""The national deadline rules of data/deadline_rules.json (`manage.py load_feedback_rules`
refreshes them after the file changes)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

RULES = Path(__file__).resolve().parent.parent / "data" / "deadline_rules.json"


def load(apps, schema_editor):  # noqa: ANN001, ANN201
    rule_model = apps.get_model("feedback", "DeadlineRule")
    for rule in json.loads(RULES.read_text(encoding="utf-8"))["rules"]:
        rule_model.objects.update_or_create(
            kind=rule["kind"],
            step=rule["step"],
            province=None,
            valid_from=datetime.date.fromisoformat(rule["valid_from"]),
            defaults={
                "days": rule["days"],
                "day_count": rule["day_count"],
                "remote_days": rule.get("remote_days"),
                "extension_days": rule.get("extension_days", 0),
                "max_extensions": rule.get("max_extensions", 0),
                "valid_to": datetime.date.fromisoformat(rule["valid_to"]) if rule.get("valid_to") else None,
                "basis": rule["basis"],
                "says": rule.get("says", ""),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
