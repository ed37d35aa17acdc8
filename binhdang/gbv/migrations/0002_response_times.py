"""The hours each kind of service has to answer a referral (editable afterwards in the admin).

Shelter and police answer within a day (safety first), health within a day, the others within three
working days; a province changes them as data, not code."""

from django.db import migrations

HOURS = {"SHELTER": 24, "POLICE": 24, "HEALTH": 24, "COUNSEL": 72, "LEGAL": 72, "SOCIAL": 72, "LIVELIHOOD": 120}


def seed(apps, schema_editor):
    ServiceStandard = apps.get_model("gbv", "ServiceStandard")
    for service_type, hours in HOURS.items():
        ServiceStandard.objects.get_or_create(service_type=service_type, defaults={"response_hours": hours})


class Migration(migrations.Migration):
    dependencies = [("gbv", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
