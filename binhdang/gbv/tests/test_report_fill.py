"""The register fills the GBV figures of the units' reports through reporting's one writer of a
register's cells: a second fill changes nothing, notes stay, the history reads old and new values,
a province is counted once, and the command skips a report already sent with its message."""

from __future__ import annotations

import io
from unittest import mock

from django.core.management import call_command

from binhdang.core.models import AuditEvent
from binhdang.gbv import report_fill
from binhdang.gbv.models import Case
from binhdang.gbv.report_fill import do_fill_report, fill_province, fill_report, register_cells
from binhdang.gbv.stats import counted_cases
from binhdang.gbv.tests.helpers import GbvTestCase
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.services import CellChange, do_save_cells, open_submission
from binhdang.reporting.spec import TOTAL
from binhdang.reporting.tests.helpers import make_period_2026
from binhdang.reporting.workflow import do_submit


class ReportFillTests(GbvTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_period_2026(cls.coordinator)

    def cases_cells(self) -> dict:
        return {
            r.key: (r.value, r.source, r.comment)
            for r in DataValue.objects.filter(
                unit=self.commune_a, period=self.period, element__code="GBV_CASES"
            )
        }

    def test_a_second_fill_changes_nothing_and_the_history_reads_the_first(self) -> None:
        changed = do_fill_report(self.period, self.commune_a, acting_user=self.gbv_supervisor)
        cells = register_cells(self.period, self.commune_a)
        self.assertEqual(changed, len(cells))  # every part, zeros too
        version = Submission.objects.get(unit=self.commune_a).version
        self.assertEqual(do_fill_report(self.period, self.commune_a, acting_user=self.gbv_supervisor), 0)
        self.assertEqual(Submission.objects.get(unit=self.commune_a).version, version)
        events = AuditEvent.objects.filter(event_type="reporting.register_filled")
        self.assertEqual(events.count(), 1)
        values = events.get().extra_data["values"]
        self.assertEqual(len(values), len(cells))
        self.assertEqual(
            {(v["e"], tuple(v["k"])): v["new"] for v in values if v["old"] == "" and v["new"] != "0"},
            {cell: str(n) for cell, n in cells.items() if n},
        )

    def test_a_note_stays_and_a_typed_total_gives_way_to_the_parts(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("GBV_CASES", TOTAL, "40", "Theo sổ của Công an xã", 0)],
            acting_user=self.reporter_a,
        )
        fill_report(self.period, self.commune_a, acting_user=self.gbv_supervisor)
        total = self.cases_cells()[TOTAL]
        self.assertEqual(total, (None, ValueSource.ENTERED, "Theo sổ của Công an xã"))
        # A note put on a register's figure (by an import, the API) survives a new count.
        counted = {c.pk for c in counted_cases(self.province, self.period.covers_from, self.period.covers_to)}
        case = next(c for c in Case.objects.filter(unit=self.commune_a).order_by("pk") if c.pk in counted)
        key = next(
            k
            for k, (value, _s, _c) in self.cases_cells().items()
            if value and k[:2] == (case.sex, case.age_band)
        )
        DataValue.objects.filter(
            unit=self.commune_a, element__code="GBV_CASES", sex=key[0], age_band=key[1]
        ).update(comment="Đã đối chiếu")
        before = self.cases_cells()[key][0]
        self.withdraw_statistics_consent(case)
        self.assertEqual(do_fill_report(self.period, self.commune_a, acting_user=self.gbv_supervisor), 1)
        self.assertEqual(self.cases_cells()[key], (before - 1, ValueSource.GBV_REGISTER, "Đã đối chiếu"))

    def test_a_province_is_counted_once_for_all_its_units(self) -> None:
        with mock.patch.object(report_fill, "counted_cases", wraps=counted_cases) as spy:
            done = fill_province(self.period, self.province, acting_user=None)
        self.assertEqual(spy.call_count, 1)
        self.assertGreater(len(done), 1)
        for code, result in done.items():
            unit = Submission.objects.get(unit__code=code).unit
            stored = {
                (r.element.code, r.key): int(r.value)
                for r in DataValue.objects.filter(
                    unit=unit, period=self.period, source=ValueSource.GBV_REGISTER
                )
            }
            self.assertEqual(stored, register_cells(self.period, unit), code)
            self.assertEqual(result.created, len(stored))

    def test_the_command_skips_a_report_already_sent_and_counts_what_it_filled(self) -> None:
        fill_report(self.period, self.commune_a, acting_user=None)
        sent = do_submit(open_submission(self.period, self.commune_a), acting_user=self.reporter_a)
        kept = {r.pk: r.version for r in DataValue.objects.filter(submission=sent)}
        counted = report_fill.counted_units(self.period, self.province)
        units = len(counted)
        out = io.StringIO()
        call_command("fill_gbv_report", period="2026", province="19", stdout=out)
        text = out.getvalue()
        self.assertIn(f"{self.commune_a.code}: Báo cáo đang ở trạng thái “Đã gửi”: không sửa được nữa.", text)
        self.assertIn(f"Đã điền số liệu từ sổ theo dõi vào {units - 1} báo cáo.", text)
        self.assertEqual({r.pk: r.version for r in DataValue.objects.filter(submission=sent)}, kept)
        other = OrgUnit.objects.filter(pk__in=counted).exclude(pk=self.commune_a.pk).order_by("code").first()
        filled = DataValue.objects.filter(unit=other, period=self.period, source=ValueSource.GBV_REGISTER)
        self.assertEqual(
            {(r.element.code, r.key): int(r.value) for r in filled}, register_cells(self.period, other)
        )
