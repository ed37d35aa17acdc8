"""A register's figures in a unit's report (services.write_register_cells_in_transaction): only
what changed is written, notes are kept, the register's cells it no longer has are cleared, the
unit's typed cells are left alone, a report that cannot change is refused, and the history reads
the old and new values."""

import datetime
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import timezone

from binhdang.core.models import AuditEvent
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.history import value_changes
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.queries import build_form_spec
from binhdang.reporting.services import (
    CellChange,
    do_save_cells,
    open_submission,
    write_register_cells_in_transaction,
)
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import ReportTestCase
from binhdang.reporting.workflow import do_submit

F, M = make_key(sex="F"), make_key(sex="M")
GBV = ValueSource.GBV_REGISTER


class RegisterCellsTests(ReportTestCase):
    def write(self, cells: dict, source: str = GBV):  # noqa: ANN201
        return write_register_cells_in_transaction(
            self.period, self.commune_a, cells, source=source, acting_user=self.reporter_a
        )

    def rows(self) -> dict:
        return {
            (r.element.code, r.key): (r.value, r.source, r.comment, r.version)
            for r in DataValue.objects.filter(period=self.period, unit=self.commune_a).select_related(
                "element"
            )
        }

    def events(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(event_type="reporting.register_filled").order_by("pk"))

    def test_only_changed_cells_are_written_and_the_history_reads_them(self) -> None:
        first = self.write({("OFFICIALS", F): 3, ("OFFICIALS", M): 0})
        self.assertEqual((first.refused, first.created, first.changed), ("", 2, 2))
        self.assertEqual(
            self.rows(),
            {("OFFICIALS", F): (Decimal(3), GBV, "", 1), ("OFFICIALS", M): (Decimal(0), GBV, "", 1)},
        )
        version = Submission.objects.get().version

        again = self.write({("OFFICIALS", F): 3, ("OFFICIALS", M): 0})
        self.assertEqual(again.changed, 0)
        self.assertEqual(Submission.objects.get().version, version)  # nothing changed: no new version
        self.assertEqual(len(self.events()), 1)  # and no audit row

        moved = self.write({("OFFICIALS", F): 4, ("OFFICIALS", M): 0})
        self.assertEqual((moved.updated, moved.changed), (1, 1))
        self.assertEqual(self.rows()[("OFFICIALS", F)], (Decimal(4), GBV, "", 2))
        self.assertEqual(self.rows()[("OFFICIALS", M)][3], 1)  # the unchanged cell keeps its version
        self.assertEqual(Submission.objects.get().version, version + 1)
        event = self.events()[-1]
        self.assertEqual(event.extra_data["source"], GBV)
        self.assertEqual(
            event.extra_data["values"], [{"e": "OFFICIALS", "k": list(F), "old": "3", "new": "4", "v": 2}]
        )
        changes = value_changes(event, build_form_spec(self.period, self.commune_a))
        self.assertEqual(
            [(c.element_code, c.key, c.old, c.new) for c in changes], [("OFFICIALS", F, "3", "4")]
        )
        # The history page says which register wrote it, and offers no restore: the unit does not type it.
        self.login(self.reporter_a)
        page = self.client.get(reverse("reporting:history", args=[self.period.pk, self.commune_a.code]))
        self.assertContains(page, "Từ sổ theo dõi vụ việc bạo lực trên cơ sở giới")
        self.assertNotContains(page, "gbv_register")
        self.assertNotContains(page, 'name="index"')  # no restore form

    def test_a_cell_the_register_no_longer_has_is_cleared_its_note_kept_typed_cells_left(self) -> None:
        # Typed with a note before the register filled the element; and a figure of another element.
        do_save_cells(
            self.period,
            self.commune_a,
            [
                CellChange("OFFICIALS", M, "1", "Số của Công an xã", 0),
                CellChange("SPENT", TOTAL, "1000", None, 0),
            ],
            acting_user=self.reporter_a,
        )
        self.write({("OFFICIALS", F): 3, ("OFFICIALS", M): 2})
        self.assertEqual(self.rows()[("OFFICIALS", M)][:3], (Decimal(2), GBV, "Số của Công an xã"))
        result = self.write({("OFFICIALS", F): 3})
        self.assertEqual((result.updated, result.cleared), (1, 0))
        rows = self.rows()
        # The note stays, on a cell the unit may type in again; the typed figure is not the register's.
        self.assertEqual(rows[("OFFICIALS", M)][:3], (None, ValueSource.ENTERED, "Số của Công an xã"))
        self.assertEqual(rows[("SPENT", TOTAL)][:2], (Decimal(1000), ValueSource.ENTERED))
        typed = do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("OFFICIALS", M, "5", None, rows[("OFFICIALS", M)][3])],
            acting_user=self.reporter_a,
        )
        self.assertEqual([c.status for c in typed.cells], ["saved"])
        self.assertEqual(self.events()[-1].extra_data["values"][0]["old"], "2")

        gone = self.write({})
        self.assertEqual(gone.cleared, 1)  # OFFICIALS F, which had no note: its row is gone
        self.assertEqual(set(self.rows()), {("OFFICIALS", M), ("SPENT", TOTAL)})
        self.assertEqual(
            self.events()[-1].extra_data["values"],
            [{"e": "OFFICIALS", "k": list(F), "old": "3", "new": "", "v": 0}],
        )

    def test_a_cell_named_takes_the_registers_value_over_a_typed_one_and_none_clears_it(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("OFFICIALS", TOTAL, "9", "Ước tính", 0), CellChange("OFFICIALS", F, "2", None, 0)],
            acting_user=self.reporter_a,
        )
        self.write({("OFFICIALS", TOTAL): None, ("OFFICIALS", F): 2})
        rows = self.rows()
        self.assertEqual(rows[("OFFICIALS", TOTAL)][:3], (None, ValueSource.ENTERED, "Ước tính"))
        self.assertEqual(rows[("OFFICIALS", F)][:2], (Decimal(2), GBV))  # same figure, now the register's

    def test_a_report_sent_or_closed_for_entry_is_refused_without_writing(self) -> None:
        self.write({("OFFICIALS", F): 3})
        do_submit(open_submission(self.period, self.commune_a), acting_user=self.reporter_a)
        result = self.write({("OFFICIALS", F): 7})
        self.assertIn("không sửa được nữa", result.refused)
        self.assertEqual(self.rows()[("OFFICIALS", F)][0], Decimal(3))

        self.period.lock_date = datetime.date(2026, 12, 20)
        self.period.save()
        with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 12, 22, 9)), tick=False):
            closed = write_register_cells_in_transaction(
                self.period, self.commune_b, {("OFFICIALS", F): 1}, source=GBV, acting_user=None
            )
        self.assertIn("20/12/2026", closed.refused)
        self.assertFalse(DataValue.objects.filter(unit=self.commune_b).exists())

    def test_only_a_registers_source_is_accepted(self) -> None:
        with self.assertRaises(ValueError):
            self.write({("OFFICIALS", F): 1}, source=ValueSource.EXCEL)
