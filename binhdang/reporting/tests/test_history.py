"""A report's history shows each figure's old and new value, and an earlier value can be put back."""

import io
from decimal import Decimal

from django.urls import reverse

from binhdang.core.models import AuditEvent
from binhdang.reporting.models import Submission
from binhdang.reporting.queries import submission_values
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import make_key
from binhdang.reporting.tests.helpers import ReportTestCase
from binhdang.reporting.tests.test_excel_roundtrip import fill

F = make_key(sex="F")


class HistoryTests(ReportTestCase):
    def url(self, name: str) -> str:
        return reverse(f"reporting:{name}", args=[self.period.pk, self.commune_a.code])

    def test_a_value_overwritten_from_excel_is_restored_from_the_history(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("OFFICIALS", F, "5", None, 0)],
            acting_user=self.reporter_a,
        )
        self.login(self.head_a)
        data = fill(self.client.get(self.url("export_xlsx")).content, [("OFFICIALS", {"sex": "F"}, 8)])
        preview = self.client.post(self.url("import_xlsx"), {"file": io.BytesIO(data)})
        self.client.post(
            self.url("import_confirm"),
            {"token": preview.context["token"], "plan": preview.context["plan"].fingerprint(), "apply": "1"},
        )
        self.assertEqual(submission_values(Submission.objects.get())[0][("OFFICIALS", F)], Decimal(8))

        self.login(self.reporter_a)
        page = self.client.get(self.url("history"))
        self.assertEqual(page.status_code, 200)
        change = page.context["entries"][0].changes[0]
        self.assertEqual((change.old, change.new, change.current), ("5", "8", "8"))
        self.assertContains(page, "Lường Thị Lan")  # who overwrote it
        self.assertContains(page, "Khôi phục “5”")
        response = self.client.post(
            self.url("history_restore"),
            {"event": page.context["entries"][0].event.pk, "index": change.index, "version": change.version},
        )
        self.assertRedirects(response, self.url("history"))
        self.assertEqual(submission_values(Submission.objects.get())[0][("OFFICIALS", F)], Decimal(5))
        self.assertEqual(
            AuditEvent.objects.filter(
                event_type="reporting.values_saved", acting_user=self.reporter_a
            ).count(),
            2,
        )

    def test_a_value_overwritten_on_the_form_is_restored_from_the_history(self) -> None:
        self.login(self.reporter_a)
        save = self.url("save_cells")
        first = [{"name": "v:OFFICIALS:F::::", "value": "5", "version": 0}]
        answer = self.client.post(save, {"cells": first}, content_type="application/json").json()
        version = answer["cells"][0]["version"]
        self.login(self.head_a)  # the head overwrites it, then the note beside it
        second = [{"name": "v:OFFICIALS:F::::", "value": "7", "version": version}]
        self.client.post(save, {"cells": second}, content_type="application/json")
        self.assertEqual(submission_values(Submission.objects.get())[0][("OFFICIALS", F)], Decimal(7))

        self.login(self.reporter_a)
        page = self.client.get(self.url("history"))
        newest = page.context["entries"][0]
        change = newest.changes[0]
        self.assertEqual((change.old, change.new, change.current), ("5", "7", "7"))
        self.assertContains(page, "Khôi phục “5”")
        self.client.post(
            self.url("history_restore"),
            {"event": newest.event.pk, "index": change.index, "version": change.version},
        )
        self.assertEqual(submission_values(Submission.objects.get())[0][("OFFICIALS", F)], Decimal(5))
        saved = AuditEvent.objects.filter(event_type="reporting.values_saved").order_by("pk")
        self.assertEqual([e.extra_data["values"][0]["new"] for e in saved], ["5", "7", "5"])

    def test_a_restore_against_a_newer_value_is_refused_as_a_conflict(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("OFFICIALS", F, "5", None, 0)],
            acting_user=self.reporter_a,
        )
        self.login(self.reporter_a)
        data = fill(self.client.get(self.url("export_xlsx")).content, [("OFFICIALS", {"sex": "F"}, 8)])
        preview = self.client.post(self.url("import_xlsx"), {"file": io.BytesIO(data)})
        self.client.post(
            self.url("import_confirm"),
            {"token": preview.context["token"], "plan": preview.context["plan"].fingerprint(), "apply": "1"},
        )
        page = self.client.get(self.url("history"))
        change = page.context["entries"][0].changes[0]
        do_save_cells(  # someone saves again after the history page was opened
            self.period, self.commune_a, [CellChange("OFFICIALS", F, "9", None, 2)], acting_user=self.head_a
        )
        self.client.post(
            self.url("history_restore"),
            {"event": page.context["entries"][0].event.pk, "index": change.index, "version": change.version},
        )
        self.assertEqual(submission_values(Submission.objects.get())[0][("OFFICIALS", F)], Decimal(9))

    def test_the_history_and_restore_are_scoped(self) -> None:
        self.login(self.reporter_b)
        self.assertEqual(self.client.get(self.url("history")).status_code, 404)
        self.assertEqual(self.client.post(self.url("history_restore"), {"event": 1}).status_code, 404)
