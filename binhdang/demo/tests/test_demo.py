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
        call_command("load_demo", stdout=StringIO())
        self.assertIn("snv.dieuphoi", out.getvalue())
        self.assertEqual(Plan.objects.get().status, "published")
        period = ReportingPeriod.objects.get()
        # 40 demo reports, and Xã Đại Từ's draft holding the figures of the feedback intake
        self.assertEqual(Submission.objects.filter(period=period).count(), 41)
        self.client.force_login(User.objects.get(username="snv.dieuphoi"))
        response = self.client.get(reverse("reporting:progress", args=[period.pk]))
        total = response.context["result"].total
        self.assertEqual(total.expected, 113)
        self.assertEqual(total.sent, 25)
        self.assertContains(response, 'data-stat="expected">113<')
        self.assertContains(response, 'data-stat="late">')
