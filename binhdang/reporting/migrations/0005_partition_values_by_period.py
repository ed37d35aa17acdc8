"""On PostgreSQL, the value table becomes partitioned by period (see reporting/partitions.py);
on SQLite nothing changes. The model is unchanged: only the storage is."""

from django.db import migrations


def partition(apps, schema_editor):  # noqa: ANN001, ANN201
    from binhdang.reporting.partitions import partition_table

    partition_table(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_value_unit_period_index")]

    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
