"""The demo that `make run` loads: idempotent, and the coordinator's page has something to show."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from binhdang.accounts.models import User
from binhdang.plans.models import Plan
from binhdang.reporting.models import ReportingPeriod, Submission


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
class DemoTests(TestCase):
    def test_load_demo_twice_and_the_coordinator_sees_expected_sent_and_late(self) -> None:
        out = StringIO()
        call_command("load_demo", stdout=out)
        reports = Submission.objects.count()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(Submission.objects.count(), reports)  # the second run adds nothing
        self.assertIn("snv.dieuphoi", out.getvalue())
        self.assertEqual(Plan.objects.get().status, "published")
        period = ReportingPeriod.objects.get(code="2026")
        # Every other unit of the province has its year, and the year before is there too …
        self.assertGreater(Submission.objects.filter(period=period).count(), 100)
        self.assertGreater(Submission.objects.filter(period__code="2025").count(), 100)
        # … while the demo reporter's own commune is left for the demo to fill in.
        self.assertFalse(Submission.objects.filter(period=period, unit__name="Xã Đại Từ").exists())
        self.client.force_login(User.objects.get(username="snv.dieuphoi"))
        response = self.client.get(reverse("reporting:progress", args=[period.pk]))
        total = response.context["result"].total
        self.assertEqual(total.expected, 113)
        self.assertGreater(total.sent, 80)
        self.assertContains(response, 'data-stat="expected">113<')
        self.assertContains(response, 'data-stat="late">')
