"""The entry page as the user types: checks returned with each autosave, versions, register figures,
read-only totals, grids that fit a phone."""

import json
import re
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from binhdang.reporting.choices import ValueSource
from binhdang.reporting.grid import build_grid
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL, Dim, Element, Option, make_key
from binhdang.reporting.tests.helpers import ReportTestCase

CODES = re.compile(r"\b(OFFICIALS|FULL_TIME|PARTICIPANTS|SPENT)\b")


class AutosaveAnswerTests(ReportTestCase):
    def setUp(self) -> None:
        self.login(self.reporter_a)
        self.url = reverse("reporting:save_cells", args=[self.period.pk, self.commune_a.code])

    def post(self, *cells: dict) -> dict:  # noqa: ANN201
        response = self.client.post(
            self.url, json.dumps({"cells": list(cells)}), content_type="application/json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_a_cross_field_error_comes_back_with_the_save_and_goes_when_fixed(self) -> None:
        answer = self.post(
            {"name": "v:OFFICIALS:F::::", "value": "1", "version": 0},
            {"name": "v:FULL_TIME:F::::", "value": "3", "version": 0},
        )
        [issue] = answer["issues"]
        self.assertEqual(issue["severity"], "error")
        self.assertEqual(issue["label"], "Trong đó chuyên trách")  # the element by its label
        self.assertEqual(issue["labels"], ["Trong đó chuyên trách", "Công chức làm công tác BĐG"])
        self.assertEqual(issue["anchor"], "el-FULL_TIME")  # the link goes to the element on the page
        self.assertIn("Số chuyên trách không thể lớn hơn tổng số.", issue["message"])
        shown = [{k: v for k, v in i.items() if k not in ("anchor", "note")} for i in answer["issues"]]
        self.assertNotRegex(json.dumps(shown, ensure_ascii=False), CODES)  # what a person reads
        answer = self.post({"name": "v:OFFICIALS:F::::", "value": "4", "version": 1})
        self.assertEqual(answer["issues"], [])

    def test_the_page_lists_issues_by_label_not_by_code(self) -> None:
        self.post(
            {"name": "v:OFFICIALS:F::::", "value": "1", "version": 0},
            {"name": "v:FULL_TIME:F::::", "value": "3", "version": 0},
        )
        page = self.client.get(reverse("reporting:entry", args=[self.period.pk, self.commune_a.code]))
        issues = page.content.decode().split('id="issues"')[1].split('id="section-index"')[0]
        self.assertIn('<a href="#el-FULL_TIME">Trong đó chuyên trách</a>', issues)
        self.assertNotRegex(re.sub(r'href="#[^"]*"', "", issues), CODES)

    def test_the_scripts_words_come_in_the_pages_language(self) -> None:
        url = reverse("reporting:entry", args=[self.period.pk, self.commune_a.code])

        def words() -> dict[str, str]:
            page = self.client.get(url).content.decode()
            data = page.split('<script id="entry-words" type="application/json">')[1]
            return json.loads(data.split("</script>")[0])

        self.assertEqual(words()["saved"], "Đã lưu mọi thay đổi.")
        self.assertIn("{n}", words()["offline"])  # the script fills it in
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        self.assertEqual(words()["saved"], "All changes saved.")

    def test_a_cell_without_the_version_it_read_is_refused(self) -> None:
        for version in (None, "1", -1, True):
            cell = {"name": "v:OFFICIALS:F::::", "value": "3"}
            if version is not None:
                cell["version"] = version
            response = self.client.post(
                self.url, json.dumps({"cells": [cell]}), content_type="application/json"
            )
            self.assertEqual(response.status_code, 400)
            self.assertIn("phiên bản", response.json()["error"])
        self.assertFalse(DataValue.objects.exists())

    def test_the_form_without_a_version_is_refused_too(self) -> None:
        entry = reverse("reporting:entry", args=[self.period.pk, self.commune_a.code])
        response = self.client.post(entry, {"v:OFFICIALS:F::::": "3"}, follow=True)
        self.assertContains(response, "phiên bản")
        self.assertFalse(DataValue.objects.exists())

    def test_an_ended_session_answers_401_with_the_login_page(self) -> None:
        response = Client().post(self.url, json.dumps({"cells": []}), content_type="application/json")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["login_url"], reverse("accounts:login"))
        self.assertIn("đăng nhập lại", response.json()["error"])

    def test_saving_what_is_already_there_writes_nothing_whatever_the_version(self) -> None:
        self.post({"name": "v:OFFICIALS:F::::", "value": "4", "version": 0})
        version = Submission.objects.get().version
        # A stale page (version 0) sending the same value: no conflict with oneself, nothing written.
        answer = self.post({"name": "v:OFFICIALS:F::::", "value": "4", "version": 0})
        self.assertEqual((answer["cells"][0]["status"], answer["cells"][0]["version"]), ("saved", 1))
        self.assertEqual(Submission.objects.get().version, version)
        self.assertEqual(DataValue.objects.get().version, 1)

    def test_a_note_typed_beside_a_refused_value_is_kept(self) -> None:
        answer = self.post(
            {"name": "v:SPENT:::::", "value": "nhiều", "comment": "Chi cho Tháng hành động", "version": 0}
        )
        [cell] = answer["cells"]
        self.assertEqual(cell["status"], "invalid")
        self.assertIn("nhiều", cell["message"])
        row = DataValue.objects.get()
        self.assertEqual((row.value, row.comment), (None, "Chi cho Tháng hành động"))
        self.assertEqual(cell["version"], row.version)  # the page holds the note's version

    def test_a_warning_says_whether_a_note_explains_it(self) -> None:
        self.period.template.rules.update(severity="warning")
        answer = self.post(
            {"name": "v:OFFICIALS:F::::", "value": "1", "version": 0},
            {"name": "v:FULL_TIME:F::::", "value": "3", "version": 0},
        )
        self.assertFalse(answer["issues"][0]["explained"])
        answer = self.post({"name": "v:FULL_TIME:::::", "comment": "Gồm cán bộ tăng cường", "version": 0})
        self.assertTrue(answer["issues"][0]["explained"])

    def test_a_register_figure_is_read_only(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange("SPENT", TOTAL, "5000000", None, 0)],
            acting_user=None,
            source=ValueSource.GBV_REGISTER,
        )
        answer = self.post({"name": "v:SPENT:::::", "value": "1", "version": 1})
        self.assertEqual(answer["cells"][0]["status"], "invalid")
        self.assertIn("Từ sổ theo dõi vụ việc bạo lực trên cơ sở giới", answer["cells"][0]["message"])
        self.assertEqual(DataValue.objects.get().value, Decimal(5000000))
        page = self.client.get(reverse("reporting:entry", args=[self.period.pk, self.commune_a.code]))
        cell = re.search(r'<input[^>]*name="v:SPENT:::::"[^>]*>', page.content.decode()).group(0)
        self.assertIn("readonly", cell)
        self.assertContains(page, '<small class="form-text d-block cell-source">Từ sổ theo dõi')


class ReadOnlyTotalsTests(ReportTestCase):
    def test_a_submitted_report_shows_each_rows_sum_and_the_sum_of_the_cells(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [
                CellChange("OFFICIALS", make_key(sex="M"), "3", None, 0),
                CellChange("OFFICIALS", make_key(sex="F"), "5", None, 0),
                CellChange("PARTICIPANTS", make_key(sex="M", ethnicity="01"), "1.200", None, 0),
                CellChange("PARTICIPANTS", make_key(sex="F", ethnicity="01"), "34", None, 0),
                CellChange("PARTICIPANTS", make_key(sex="F", ethnicity="07"), "6", None, 0),
            ],
            acting_user=self.reporter_a,
        )
        Submission.objects.update(status="submitted")
        self.login(self.coordinator)
        page = self.client.get(reverse("reporting:entry", args=[self.period.pk, self.commune_a.code]))
        html = page.content.decode()
        self.assertIn('data-readonly="1"', html)

        def block(code: str) -> str:
            return html.split(f'id="el-{code}"')[1].split("</fieldset>")[0]

        def sums(code: str) -> tuple[list[str], str]:
            rows = re.findall(r'<td class="row-sum[^"]*">([^<]*)</td>', block(code))
            return rows, re.search(r'class="grand-sum">([^<]*)<', block(code)).group(1)

        self.assertEqual(sums("OFFICIALS"), (["8"], "8"))  # Nam 3 + Nữ 5, read without JavaScript
        rows, grand = sums("PARTICIPANTS")
        self.assertEqual([r for r in rows if r], ["1.234", "6"])  # Kinh; Nùng
        self.assertEqual(grand, "1.240")
        # Whatever was entered: each shown sum is the sum of the stored parts.
        stored = sum(DataValue.objects.filter(element__code="PARTICIPANTS").values_list("value", flat=True))
        self.assertEqual(Decimal(grand.replace(".", "")), stored)


SEX = Dim("sex", "Giới tính", (Option("M", "Nam"), Option("F", "Nữ")))
FUNDS = Dim("funding_source", "Nguồn", tuple(Option(c, c) for c in ("A", "B", "C", "D", "E")))
ETHNIC = Dim(
    "ethnicity",
    "Dân tộc",
    (Option("01", "Kinh", "kinh"), *(Option(f"{n:02d}", f"Dân tộc {n}", "dtts") for n in range(2, 55))),
)


def test_a_long_dimension_goes_down_so_the_grid_fits_a_phone() -> None:
    grid = build_grid(Element("FUND", "Kinh phí", "money", dims=(FUNDS,)), {}, {})
    assert len(grid.columns) == 1 and len(grid.rows) == 5  # five rows, not five columns
    grid = build_grid(Element("P", "Người", "integer", dims=(ETHNIC, SEX)), {}, {})
    assert grid.columns == ["Nam", "Nữ"]  # sex across, even when listed second
    assert [row.label for row in grid.rows if not row.hidden] == ["Kinh"]  # the others are added


def test_groups_the_unit_entered_before_are_offered_first() -> None:
    element = Element("P", "Người", "integer", dims=(SEX, ETHNIC))
    previous = {("P", make_key(sex="F", ethnicity="40")): Decimal(2)}
    values = {("P", make_key(sex="M", ethnicity="07")): Decimal(1)}
    grid = build_grid(element, values, {}, previous)
    shown = [row.label for row in grid.rows if not row.hidden]
    assert shown == ["Kinh", "Dân tộc 7"]  # the majority group and the groups entered
    assert grid.common[0] == ("40", "Dân tộc 40")  # entered last period: first to add
    assert [code for code, _ in grid.common[1:]] == ["02", "03", "04", "05", "06", "08", "09"]
    assert len(grid.common) + len(grid.addable) == 52
