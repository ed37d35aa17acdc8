"""On PostgreSQL the value table is partitioned by period: each period's figures go to its own
partition, made when the period is created, and a query for one period reads that partition only."""

from __future__ import annotations

import datetime
import unittest

from django.db import connection

from binhdang.reporting.models import DataValue, ReportingPeriod
from binhdang.reporting.partitions import is_partitioned, partition_name
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL
from binhdang.reporting.tests.helpers import ReportTestCase


@unittest.skipUnless(connection.vendor == "postgresql", "partitioning is PostgreSQL's")
class PartitionTests(ReportTestCase):
    def test_each_period_has_its_partition_and_reads_only_it(self) -> None:
        self.assertTrue(is_partitioned())
        earlier = ReportingPeriod.objects.create(
            template=self.period.template,
            code="2025",
            name="Báo cáo năm 2025",
            covers_from=datetime.date(2024, 12, 15),
            covers_to=datetime.date(2025, 12, 14),
            due_date=datetime.date(2025, 12, 15),
        )
        for period, value in ((self.period, "6"), (earlier, "4")):
            result = do_save_cells(
                period, self.commune_a, [CellChange("OFFICIALS", TOTAL, value, None, None)], acting_user=None
            )
            self.assertFalse(result.problems)
        with connection.cursor() as cursor:
            cursor.execute("SELECT tableoid::regclass::text, period_id, value FROM reporting_datavalue")
            rows = sorted(cursor.fetchall(), key=lambda row: row[1])
        self.assertEqual(
            [(name, period_id, int(value)) for name, period_id, value in rows],
            [
                (partition_name(self.period.pk), self.period.pk, 6),
                (partition_name(earlier.pk), earlier.pk, 4),
            ],
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN SELECT * FROM reporting_datavalue WHERE period_id = %s", [earlier.pk])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn(partition_name(earlier.pk), plan)
        self.assertNotIn(partition_name(self.period.pk), plan)
        # The ORM sees one table, as before.
        self.assertEqual(DataValue.objects.filter(period=earlier).get().value, 4)
