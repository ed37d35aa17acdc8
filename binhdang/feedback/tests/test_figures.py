"""The intake's figures in the unit's report: written through reporting's one writer of a register's
cells (only what changed, one audit row the history reads, entry closed respected), counted from
the items that matter to the period only."""

from __future__ import annotations

import datetime
from unittest import mock

import time_machine

from binhdang.core.models import AuditEvent
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.feedback import figures, services
from binhdang.feedback.models import Feedback
from binhdang.feedback.tests.helpers import at, file_item
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.tests.helpers import make_period_2026

START, END = datetime.date(2025, 12, 15), datetime.date(2026, 12, 14)


class FigureTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_period_2026(cls.coordinator)
        cls.handler = cls.users["feedback_handler"]

    def received(self) -> int:
        row = DataValue.objects.get(unit=self.commune_a, period=self.period, element__code="FB_RECEIVED")
        self.assertEqual(row.source, ValueSource.FEEDBACK_INTAKE)
        return int(row.value)

    def events(self):  # noqa: ANN201
        return AuditEvent.objects.filter(
            event_type="reporting.register_filled", object_type="reporting.submission"
        )

    @time_machine.travel(at(2026, 6, 1, 9), tick=False)
    def test_only_a_change_of_the_figures_is_written_and_kept_in_the_history(self) -> None:
        item = file_item(self.province, place=self.commune_a)
        self.assertEqual(self.received(), 1)
        event = self.events().get()
        self.assertIn(
            {"e": "FB_RECEIVED", "k": ["", "", "", "", ""], "old": "", "new": "1", "v": 1},
            event.extra_data["values"],
        )
        self.assertEqual(AuditEvent.objects.get(event_type="feedback.filed").extra_data["report"], ["2026"])
        version = Submission.objects.get(unit=self.commune_a).version
        item = services.do_accept(item, acting_user=self.handler)
        services.do_start(item, acting_user=self.handler)  # the counts stay as they were
        self.assertEqual(Submission.objects.get(unit=self.commune_a).version, version)
        self.assertEqual(self.events().count(), 1)
        self.assertEqual(AuditEvent.objects.get(event_type="feedback.start").extra_data["report"], [])

    def test_a_report_whose_entry_closed_is_left_as_it_is(self) -> None:
        with time_machine.travel(at(2026, 6, 1, 9), tick=False):
            file_item(self.province, place=self.commune_a)
        self.period.lock_date = datetime.date(2026, 11, 30)
        self.period.save()
        with time_machine.travel(at(2026, 12, 5, 9), tick=False):
            item = file_item(self.province, place=self.commune_a)  # the filing itself is recorded
        self.assertTrue(Feedback.objects.filter(pk=item.pk).exists())
        self.assertEqual(self.received(), 1)

    def test_the_counts_read_only_the_items_that_matter_to_the_period(self) -> None:
        with time_machine.travel(at(2025, 6, 2, 9), tick=False):
            settled = file_item(self.province, place=self.commune_a)
            refused = file_item(self.province, place=self.commune_a)
            services.do_refuse(refused, reason="Trùng lặp", acting_user=self.handler)
            settled = services.do_accept(settled, acting_user=self.handler)
            services.do_answer(settled, answer="Đã xử lý.", acting_user=self.handler)
        with time_machine.travel(at(2025, 11, 20, 9), tick=False):
            still_open = services.do_accept(
                file_item(self.province, place=self.commune_a), acting_user=self.handler
            )
            answered_later = services.do_accept(
                file_item(self.province, place=self.commune_a), acting_user=self.handler
            )
        with time_machine.travel(at(2026, 1, 5, 9), tick=False):
            services.do_answer(answered_later, answer="Đã trả lời.", acting_user=self.handler)
        with time_machine.travel(at(2026, 3, 2, 9), tick=False):
            within = file_item(self.province, place=self.commune_a)
            with mock.patch.object(figures, "count", wraps=figures.count) as spy:
                counts = figures.unit_counts(self.commune_a, START, END)
            every = figures.count(list(Feedback.objects.filter(unit=self.commune_a)), START, END, END)
        self.assertEqual({i.pk for i in spy.call_args.args[0]}, {still_open.pk, answered_later.pk, within.pk})
        self.assertEqual((counts.to_settle, counts.resolved, counts.by_state), (3, 1, every.by_state))
        self.assertEqual((every.to_settle, every.resolved), (3, 1))
