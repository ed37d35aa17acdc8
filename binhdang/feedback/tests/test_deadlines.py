"""The deadlines engine: dated legal rules, calendar and working days across Tết and 2/9, remote
areas and extensions."""

import datetime

import time_machine
from django.test import TestCase

from binhdang.feedback.deadlines import add_days, deadlines, is_working_day, rule_for, working_days_between
from binhdang.feedback.models import DeadlineRule
from binhdang.feedback.tests.helpers import at, file_item
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit


class WorkingDays(TestCase):
    def test_tet_2026_is_skipped(self) -> None:
        # Tết Bính Ngọ: 16–20/02/2026 are holidays; Friday 13/02 + 7 working days → Tuesday 03/03.
        self.assertFalse(is_working_day(datetime.date(2026, 2, 17)))
        self.assertEqual(add_days(datetime.date(2026, 2, 13), 7, "working"), datetime.date(2026, 3, 3))
        # Counted in calendar days, Tết changes nothing.
        self.assertEqual(add_days(datetime.date(2026, 2, 13), 7, "calendar"), datetime.date(2026, 2, 20))

    def test_national_day_2026_is_skipped(self) -> None:
        # 31/8 (substituted), 1/9 and 2/9 are days off: Friday 28/08 + 7 working days → Friday 11/09.
        self.assertEqual(add_days(datetime.date(2026, 8, 28), 7, "working"), datetime.date(2026, 9, 11))

    def test_vietnam_culture_day_from_2026(self) -> None:
        self.assertFalse(is_working_day(datetime.date(2026, 11, 24)))  # a Tuesday
        self.assertTrue(is_working_day(datetime.date(2025, 11, 24)))  # a Monday, before the holiday existed
        self.assertEqual(working_days_between(datetime.date(2026, 11, 23), datetime.date(2026, 11, 25)), 1)


class Rules(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_register(province_codes={"19"})
        cls.province = OrgUnit.objects.get(code="19")

    def test_the_rule_in_force_on_the_day_of_receipt(self) -> None:
        old = rule_for("denunciation", "resolve", datetime.date(2018, 6, 1), self.province)
        new = rule_for("denunciation", "resolve", datetime.date(2026, 6, 1), self.province)
        self.assertEqual((old.days, old.basis), (60, "Luật Tố cáo 2011, Điều 21"))
        self.assertEqual((new.days, new.basis), (30, "Luật Tố cáo 2018, Điều 30"))

    def test_a_province_rule_replaces_the_national_one_for_feedback(self) -> None:
        DeadlineRule.objects.create(
            kind="feedback",
            step="resolve",
            province=self.province,
            days=20,
            day_count="working",
            valid_from=datetime.date(2026, 1, 1),
            basis="Quyết định của UBND tỉnh",
        )
        self.assertEqual(rule_for("feedback", "resolve", datetime.date(2026, 3, 1), self.province).days, 20)
        other = OrgUnit.objects.get(code="19").children.first()  # not a province: the national rule
        self.assertEqual(rule_for("feedback", "resolve", datetime.date(2026, 3, 1), other).days, 30)

    @time_machine.travel(at(2026, 2, 13, 9), tick=False)
    def test_a_denunciation_received_before_tet(self) -> None:
        item = file_item(
            self.province, kind="denunciation", name="Nguyễn Văn A", address="Đại Từ", phone="0912345678"
        )
        self.assertEqual(item.kind, "denunciation")
        self.assertEqual(item.accept_due, datetime.date(2026, 3, 3))  # 7 working days over Tết
        self.assertEqual(item.resolve_due, datetime.date(2026, 4, 2))  # then 30 calendar days
        self.assertIsNone(deadlines(item).notify_due)  # nothing to notify before it is accepted
        item.accepted_at = at(2026, 2, 24, 10)
        self.assertEqual(deadlines(item).resolve_due, datetime.date(2026, 3, 26))
        due = deadlines(item)
        self.assertEqual(
            (due.notify_due, due.notify_rule.basis),
            (datetime.date(2026, 3, 3), "Luật Tố cáo 2018, Điều 29 khoản 2"),
        )
        item.extensions = 1
        self.assertEqual(deadlines(item).resolve_due, datetime.date(2026, 4, 25))
        item.extensions = 3  # very complex cases: twice at most
        self.assertEqual(deadlines(item).resolve_due, datetime.date(2026, 5, 25))

    @time_machine.travel(at(2026, 8, 28, 16), tick=False)
    def test_a_complaint_in_a_remote_area(self) -> None:
        identity = {"name": "Trần Thị B", "address": "Thôn Khe Mo", "phone": "0987654321"}
        plain = file_item(self.province, kind="complaint", **identity)
        remote = file_item(self.province, kind="complaint", remote_area=True, **identity)
        self.assertEqual(plain.accept_due, datetime.date(2026, 9, 7))  # 10 calendar days
        self.assertEqual(plain.resolve_due, datetime.date(2026, 10, 7))  # + 30
        self.assertEqual(remote.resolve_due, datetime.date(2026, 10, 22))  # + 45 in remote areas
        remote.extensions = 1  # complex: 60
        self.assertEqual(deadlines(remote).resolve_due, datetime.date(2026, 11, 6))

    @time_machine.travel(at(2026, 8, 28, 16), tick=False)
    def test_feedback_over_national_day(self) -> None:
        item = file_item(self.province)
        self.assertEqual(item.accept_due, datetime.date(2026, 9, 16))  # 10 working days over 31/8–2/9
