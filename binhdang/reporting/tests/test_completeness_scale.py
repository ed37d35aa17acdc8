"""Completeness for the whole country: a fixed, small number of queries whatever the size."""

import datetime
import random
import zoneinfo

from django.test import TestCase

from binhdang.accounts.models import Membership, User
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.completeness import completeness, expected_units
from binhdang.reporting.models import Submission
from binhdang.reporting.tests.helpers import make_form

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class NationalCompletenessTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_register()
        cls.period = make_form()
        units = list(expected_units(cls.period, OrgUnit.objects.get(code="VN")))
        rng = random.Random(7)
        cls.sent_on_time = cls.late = 0
        rows = []
        for unit in rng.sample(units, len(units) * 3 // 4):
            moment = datetime.datetime(2026, 12, rng.randint(1, 20), 10, tzinfo=HCM)
            rows.append(
                Submission(
                    period=cls.period, unit=unit, status="submitted", submitted_at=moment, delivered_at=moment
                )
            )
            if moment.day <= 15:
                cls.sent_on_time += 1
            else:
                cls.late += 1
        Submission.objects.bulk_create(rows)
        cls.expected = len(units)

    def test_the_country_is_counted_in_three_queries(self) -> None:
        country = OrgUnit.objects.get(code="VN")
        with self.assertNumQueries(3):
            result = completeness(self.period, country, now=datetime.datetime(2026, 12, 21, tzinfo=HCM))
        self.assertEqual(result.total.expected, self.expected)
        self.assertEqual(result.total.expected, 3321 + 615)
        self.assertEqual(result.total.sent, self.sent_on_time + self.late)
        self.assertEqual(result.total.on_time, self.sent_on_time)
        self.assertEqual(result.total.late, self.late + (self.expected - self.sent_on_time - self.late))
        self.assertEqual(len(result.by_parent), 34)
        self.assertEqual(sum(c.expected for c in result.by_parent.values()), self.expected)

    def test_the_counts_alone_come_from_one_query_and_agree_with_the_rows(self) -> None:
        country = OrgUnit.objects.get(code="VN")
        # Some reports accepted, some returned, one unit with a head whose approval is awaited.
        reports = list(Submission.objects.filter(period=self.period).order_by("pk"))
        Submission.objects.filter(pk__in=[r.pk for r in reports[::5]]).update(status="accepted")
        Submission.objects.filter(pk__in=[r.pk for r in reports[1::7]]).update(status="returned")
        waiting = reports[2]

        head = User.objects.create_user(username="truong.don.vi", password="x-2026-long-enough")
        Membership.objects.create(user=head, unit=waiting.unit, role="head")
        for now in (datetime.datetime(2026, 12, 10, tzinfo=HCM), datetime.datetime(2026, 12, 21, tzinfo=HCM)):
            with self.assertNumQueries(1):
                counts = completeness(self.period, country, now=now, with_rows=False)
            rows = completeness(self.period, country, now=now)
            self.assertEqual(vars(counts.total), vars(rows.total))
            self.assertEqual(
                {label: vars(c) for label, c in counts.by_kind.items()},
                {label: vars(c) for label, c in rows.by_kind.items()},
            )
            self.assertEqual(rows.total.awaiting_approval, 1)
