"""The commands a deployment runs: the daily job (cron or Celery beat) and the data loaders."""

from io import StringIO

import time_machine
from django.core.management import call_command

from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.feedback.models import DeadlineRule, RoutingRule
from binhdang.feedback.tasks import feedback_daily_task
from binhdang.feedback.tests.helpers import at, file_item


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
