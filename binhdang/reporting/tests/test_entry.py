"""Entering a report: autosave, sparse storage, conflicts, scope, the page a commune sees."""

import json
from decimal import Decimal

from django.urls import reverse

from binhdang.core.models import AuditEvent
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import ReportTestCase


class SaveCellsTests(ReportTestCase):
    def save(self, user, unit, *cells):  # noqa: ANN001, ANN201
        return do_save_cells(self.period, unit, [CellChange(*cell) for cell in cells], acting_user=user)

    def test_only_the_entered_cells_are_stored(self) -> None:
        result = self.save(
            self.reporter_a,
            self.commune_a,
            ("PARTICIPANTS", make_key(sex="F", ethnicity="02"), "12", None, 0),
            ("PARTICIPANTS", make_key(sex="M", ethnicity="09"), "3", None, 0),
            ("PARTICIPANTS", make_key(sex="M", ethnicity="01"), "", None, 0),
        )
        self.assertEqual([c.status for c in result.cells], ["saved", "saved", "saved"])
        rows = DataValue.objects.filter(unit=self.commune_a)
        self.assertEqual(rows.count(), 2)  # 5 ethnic groups × 2 sexes + total would be 11 cells
        self.assertEqual(
            sorted((r.sex, r.ethnicity, r.value) for r in rows),
            [("F", "02", Decimal(12)), ("M", "09", Decimal(3))],
        )
        self.assertEqual(AuditEvent.objects.filter(event_type="reporting.values_saved").count(), 1)

    def test_a_bad_cell_is_refused_and_the_good_ones_are_saved(self) -> None:
        result = self.save(
            self.reporter_a,
            self.commune_a,
            ("OFFICIALS", make_key(sex="F"), "mười", None, 0),
            ("OFFICIALS", make_key(sex="M"), "2", None, 0),
        )
        self.assertEqual([c.status for c in result.cells], ["invalid", "saved"])
        self.assertIn("mười", result.cells[0].message)
        self.assertEqual(DataValue.objects.get(unit=self.commune_a).value, 2)

    def test_clearing_a_cell_removes_it(self) -> None:
        self.save(self.reporter_a, self.commune_a, ("SPENT", TOTAL, "1.500.000", None, 0))
        self.assertEqual(DataValue.objects.get().value, Decimal(1500000))
        self.save(self.reporter_a, self.commune_a, ("SPENT", TOTAL, "", None, 1))
        self.assertFalse(DataValue.objects.exists())

    def test_a_concurrent_edit_is_detected_and_both_inputs_survive(self) -> None:
        self.save(self.reporter_a, self.commune_a, ("OFFICIALS", make_key(sex="F"), "4", None, 0))
        self.save(self.head_a, self.commune_a, ("OFFICIALS", make_key(sex="F"), "5", None, 1))
        result = self.save(self.reporter_a, self.commune_a, ("OFFICIALS", make_key(sex="F"), "6", None, 1))
        conflict = result.cells[0]
        self.assertEqual(conflict.status, "conflict")
        self.assertEqual((conflict.current, conflict.by, conflict.version), ("5", "Lường Thị Lan", 2))
        self.assertEqual(DataValue.objects.get().value, 5)
        # The reporter saw the other value and saves again deliberately, with the new version.
        result = self.save(self.reporter_a, self.commune_a, ("OFFICIALS", make_key(sex="F"), "6", None, 2))
        self.assertEqual(result.cells[0].status, "saved")
        self.assertEqual(DataValue.objects.get().value, 6)

    def test_a_department_only_element_is_refused_for_a_commune(self) -> None:
        result = self.save(self.reporter_a, self.commune_a, ("SRB", TOTAL, "110,5", None, 0))
        self.assertEqual(result.cells[0].status, "invalid")
        self.assertFalse(DataValue.objects.exists())

    def test_a_comment_is_kept_with_its_value(self) -> None:
        self.save(self.reporter_a, self.commune_a, ("SPENT", TOTAL, "2000000", "Chi cho Tháng hành động", 0))
        row = DataValue.objects.get()
        self.assertEqual(row.comment, "Chi cho Tháng hành động")


class EntryPageTests(ReportTestCase):
    def url(self, unit=None, name="reporting:entry"):  # noqa: ANN001, ANN201
        return reverse(name, args=[self.period.pk, (unit or self.commune_a).code])

    def test_a_commune_sees_its_elements_and_not_the_departments(self) -> None:
        self.login(self.reporter_a)
        response = self.client.get(self.url())
        self.assertContains(response, "Công chức làm công tác BĐG")
        self.assertContains(response, "Kinh phí đã chi")
        self.assertNotContains(response, "Tỷ số giới tính khi sinh")
        self.login(self.department_reporter)
        department = self.department_reporter.memberships.get().unit
        self.assertContains(self.client.get(self.url(department)), "Tỷ số giới tính khi sinh")

    def test_autosave_answers_per_cell(self) -> None:
        self.login(self.reporter_a)
        payload = {
            "cells": [
                {"name": "v:OFFICIALS:F::::", "value": "3", "version": 0},
                {"name": "v:OFFICIALS:M::::", "value": "-1", "version": 0},
            ]
        }
        response = self.client.post(
            self.url(name="reporting:save_cells"), json.dumps(payload), content_type="application/json"
        )
        cells = response.json()["cells"]
        self.assertEqual([c["status"] for c in cells], ["saved", "invalid"])
        self.assertIn("âm", cells[1]["message"])
        page = self.client.get(self.url())
        self.assertContains(page, 'value="3"')

    def test_commune_b_cannot_open_or_save_commune_as_report(self) -> None:
        self.login(self.reporter_b)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        response = self.client.post(
            self.url(name="reporting:save_cells"),
            json.dumps({"cells": [{"name": "v:OFFICIALS:F::::", "value": "9", "version": 0}]}),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(DataValue.objects.exists())

    def test_the_form_posts_without_javascript_and_keeps_what_was_refused(self) -> None:
        self.login(self.reporter_a)
        response = self.client.post(
            self.url(),
            {
                "v:OFFICIALS:F::::": "mười",
                "ver:OFFICIALS:F::::": "0",
                "v:OFFICIALS:M::::": "2",
                "ver:OFFICIALS:M::::": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="mười"')
        self.assertContains(response, "“mười” không phải là số.")
        self.assertEqual(DataValue.objects.get().value, 2)

    def test_a_conflict_without_javascript_shows_both_values_and_keeps_mine(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("OFFICIALS", make_key(sex="F"), "5", None, 0)],
            acting_user=self.head_a,
        )
        self.login(self.reporter_a)
        response = self.client.post(self.url(), {"v:OFFICIALS:F::::": "7", "ver:OFFICIALS:F::::": "0"})
        self.assertContains(response, 'value="7"')
        self.assertContains(
            response, "Lường Thị Lan đã sửa ô này sau khi bạn mở báo cáo; giá trị hiện tại là “5”"
        )
        self.assertContains(response, 'name="ver:OFFICIALS:F::::" value="1"')
        self.assertEqual(DataValue.objects.get().value, 5)
        self.client.post(self.url(), {"v:OFFICIALS:F::::": "7", "ver:OFFICIALS:F::::": "1"})
        self.assertEqual(DataValue.objects.get().value, 7)

    def test_errors_and_rules_are_listed_on_the_page(self) -> None:
        self.login(self.reporter_a)
        do_save_cells(
            self.period,
            self.commune_a,
            [
                CellChange("OFFICIALS", make_key(sex="F"), "1", None, 0),
                CellChange("FULL_TIME", make_key(sex="F"), "3", None, 0),
            ],
            acting_user=self.reporter_a,
        )
        response = self.client.get(self.url())
        self.assertContains(response, "Số chuyên trách không thể lớn hơn tổng số.")

    def test_a_viewer_reads_but_cannot_save(self) -> None:
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        response = self.client.post(
            self.url(name="reporting:save_cells"),
            json.dumps({"cells": [{"name": "v:OFFICIALS:F::::", "value": "9", "version": 0}]}),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 404)

    def test_an_accepted_report_cannot_be_changed(self) -> None:
        Submission.objects.create(period=self.period, unit=self.commune_a, status="accepted")
        self.login(self.reporter_a)
        response = self.client.post(
            self.url(name="reporting:save_cells"),
            json.dumps({"cells": [{"name": "v:OFFICIALS:F::::", "value": "9", "version": 0}]}),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 409)
        self.assertFalse(DataValue.objects.exists())


class UnderstoodTests(ReportTestCase):
    def test_a_saved_number_is_said_back_as_it_was_read(self) -> None:
        self.login(self.reporter_a)
        url = reverse("reporting:save_cells", args=[self.period.pk, self.commune_a.code])
        cells = [
            {"name": "v:OFFICIALS:F::::", "value": "1.234", "version": 0},
            {"name": "v:OFFICIALS:M::::", "value": "12", "version": 0},
        ]
        answer = self.client.post(url, json.dumps({"cells": cells}), content_type="application/json").json()
        said = {cell["name"]: cell["understood"] for cell in answer["cells"]}
        self.assertTrue(said["v:OFFICIALS:F::::"].startswith("1.234"))  # a thousands dot: said back
        self.assertEqual(said["v:OFFICIALS:M::::"], "")  # typed as it reads: nothing to say
