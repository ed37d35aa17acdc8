"""The commands a deployment runs: the daily job (cron or Celery beat) and the data loaders."""

import threading
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase

from binhdang.core.tests.helpers import PASSWORD, PersonaTestCase
from binhdang.demo.personas import create_personas
from binhdang.feedback.escalation import run_escalations
from binhdang.feedback.models import DeadlineRule, EscalationLog, RoutingRule
from binhdang.feedback.tasks import feedback_daily_task
from binhdang.feedback.tests.helpers import at, file_item
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit


class CommandTests(PersonaTestCase):
    def test_the_daily_job_escalates_and_digests_once_whichever_runs_it(self) -> None:
        with time_machine.travel(at(2026, 2, 13, 9), tick=False):
            item = file_item(self.province, place=self.commune_a)
        with time_machine.travel(at(2026, 3, 10, 7), tick=False):  # past its time limit (06/03)
            out = StringIO()
            call_command("feedback_daily", stdout=out)
            self.assertIn(f"{item.code} accept:overdue", out.getvalue())
            self.assertIn("digest 19", out.getvalue())
            self.assertEqual(feedback_daily_task(), 0)  # the Celery task: nothing left to send today

    def test_the_loaders_are_idempotent(self) -> None:
        rules = DeadlineRule.objects.count()
        call_command("load_feedback_rules", stdout=StringIO())
        self.assertEqual(DeadlineRule.objects.count(), rules)
        for _n in range(2):
            call_command("load_feedback_routing", province="19", stdout=StringIO())
        self.assertEqual(RoutingRule.objects.count(), 3)


class ConcurrentEscalationTests(TransactionTestCase):
    """Two daily jobs at the same moment: the unique step row decides; nobody hears twice."""

    def test_two_overlapping_runs_escalate_each_item_once(self) -> None:
        if connection.vendor != "postgresql":
            pytest.skip("SQLite's in-memory test database serialises writers; the race needs PostgreSQL.")
        # An earlier TransactionTestCase's flush empties the rules the data migration wrote.
        call_command("load_feedback_rules", stdout=StringIO())
        self.assertTrue(DeadlineRule.objects.exists())
        load_register(province_codes={"19", "01"})
        create_personas(password=PASSWORD)
        province = OrgUnit.objects.get(code="19")
        for _n in range(5):
            file_item(province, now=at(2026, 2, 13, 9))
        results: list[int] = []
        barrier = threading.Barrier(2)

        def run() -> None:
            barrier.wait()
            try:
                results.append(len(run_escalations(now=at(2026, 3, 10, 7))))
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(len(results), 2)
        self.assertEqual(sum(results), 5)  # between them, each item once
        self.assertEqual(EscalationLog.objects.filter(step="accept:overdue").count(), 5)
