import datetime
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.plans.importing import import_plan
from binhdang.plans.models import Assignment, Plan
from binhdang.plans.services import do_update_progress, purge_abandoned_drafts
from binhdang.plans.tests.helpers import PublishedPlanTestCase

A_PLAN_WITH_AN_UNKNOWN_NAME = """ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN
Số: 12/KH-UBND
Thái Nguyên, ngày 05 tháng 01 năm 2027
KẾ HOẠCH
Truyền thông về bình đẳng giới năm 2027
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức.
II. NỘI DUNG THỰC HIỆN
1. Công tác truyền thông
Tổ chức các hoạt động truyền thông trong Tháng hành động.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Chủ trì tổ chức các hoạt động truyền thông.
2. Ban Quản lý các khu công nghiệp
- Tuyên truyền trong các doanh nghiệp.
"""


class ReviewTests(PersonaTestCase):
    def setUp(self) -> None:
        self.plan = import_plan(
            A_PLAN_WITH_AN_UNKNOWN_NAME.encode(), "kh-12.txt", acting_user=self.coordinator
        ).plan
        self.login(self.coordinator)

    def test_an_unknown_name_is_listed_never_guessed_and_blocks_publishing(self) -> None:
        page = self.client.get(reverse("plans:plan_detail", args=[self.plan.pk]))
        self.assertContains(page, "Không có trong danh mục")
        self.assertContains(page, "Ban Quản lý các khu công nghiệp")
        addressee = self.plan.addressees.get(name="Ban Quản lý các khu công nghiệp")
        self.assertEqual(list(addressee.units.all()), [])
        response = self.client.post(reverse("plans:plan_publish", args=[self.plan.pk]), follow=True)
        self.assertContains(response, "Cần khớp mọi đơn vị được giao")
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "draft")

    def test_the_coordinator_picks_the_unit_then_publishes(self) -> None:
        addressee = self.plan.addressees.get(name="Ban Quản lý các khu công nghiệp")
        url = reverse("plans:addressee_resolve", args=[self.plan.pk, addressee.pk])
        self.client.post(url, {"units": ["19-SCT"]})
        addressee.refresh_from_db()
        self.assertEqual(addressee.unmatched, [])
        self.assertEqual(Assignment.objects.filter(task__addressee=addressee, unit__code="19-SCT").count(), 1)
        response = self.client.post(reverse("plans:plan_publish", args=[self.plan.pk]))
        self.assertRedirects(response, reverse("plans:plan_matrix", args=[self.plan.pk]))
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "published")

    def test_a_unit_outside_the_province_cannot_be_picked(self) -> None:
        addressee = self.plan.addressees.get(name="Ban Quản lý các khu công nghiệp")
        url = reverse("plans:addressee_resolve", args=[self.plan.pk, addressee.pk])
        response = self.client.post(url, {"units": ["01-SCT"]}, follow=True)
        self.assertContains(response, "Chọn ít nhất một đơn vị")
        addressee.refresh_from_db()
        self.assertTrue(addressee.unmatched)

    def test_a_draft_is_deleted_whole(self) -> None:
        self.client.post(reverse("plans:plan_delete", args=[self.plan.pk]))
        self.assertFalse(Plan.objects.exists())
        self.assertFalse(Assignment.objects.exists())

    def test_a_commune_reporter_cannot_see_a_draft(self) -> None:
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(reverse("plans:plan_detail", args=[self.plan.pk])).status_code, 404)


class MatrixTests(PublishedPlanTestCase):
    def setUp(self) -> None:
        do_update_progress(
            self.commune_task,
            self.commune_a,
            status="done",
            note="",
            version=0,
            acting_user=self.reporter_a,
        )
        do_update_progress(
            self.health_task,
            self.health_task.assignments.get().unit,
            status="in_progress",
            note="",
            version=0,
            acting_user=self.department_reporter,
        )

    def test_the_coordinator_sees_every_assigned_unit_with_its_status(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("plans:plan_matrix", args=[self.plan.pk]))
        matrix = response.context["matrix"]
        # 92 communes and wards; 16 departments and agencies (the group), MTTQ, Hội LHPN, LĐLĐ, the newspaper.
        # Tỉnh đoàn is given nothing by this plan, so it has no row.
        self.assertEqual(len(matrix.rows), 92 + 20)
        self.assertNotIn("Tỉnh đoàn", [row.unit.name for row in matrix.rows])
        totals = matrix.totals()
        self.assertEqual(totals["done"], 1)
        self.assertEqual(totals["in_progress"], 1)
        self.assertContains(response, "Xã Đại Từ")

    def test_filters_by_kind_status_and_area(self) -> None:
        self.login(self.coordinator)
        url = reverse("plans:plan_matrix", args=[self.plan.pk])
        done_communes = self.client.get(url, {"kind": "commune", "status": "done"}).context["matrix"]
        self.assertEqual([row.unit for row in done_communes.rows], [self.commune_a])
        section = self.health_task.section
        by_area = self.client.get(url, {"section": section.pk}).context["matrix"]
        self.assertTrue(by_area.tasks)
        self.assertTrue(all(task.section_id == section.pk for task in by_area.tasks))

    def test_the_matrix_downloads_as_excel_with_the_same_rows(self) -> None:
        self.login(self.coordinator)
        url = reverse("plans:plan_matrix", args=[self.plan.pk])
        response = self.client.get(url, {"kind": "commune", "format": "xlsx"})
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        names = [row[0].value for row in sheet.iter_rows(min_row=4)]
        self.assertEqual(len(names), 77)
        self.assertIn("Xã Đại Từ", names)
        row = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "Xã Đại Từ")
        self.assertIn("Hoàn thành (Chủ trì)", [c.value for c in row])

    def test_a_commune_reporter_sees_only_its_own_row(self) -> None:
        self.login(self.reporter_a)
        matrix = self.client.get(reverse("plans:plan_matrix", args=[self.plan.pk])).context["matrix"]
        self.assertEqual([row.unit for row in matrix.rows], [self.commune_a])

    def test_the_outsider_cannot_open_the_plan(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("plans:plan_matrix", args=[self.plan.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("plans:plan_detail", args=[self.plan.pk])).status_code, 404)


def test_the_shipped_sample_is_the_seed() -> None:
    seed = Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_928a9fabf77eef89.txt"
    sample = Path(__file__).resolve().parents[1] / "importer" / "samples" / "kh_thai_nguyen_2026.txt"
    if not seed.exists():

        pytest.skip("../shared/seed is not beside this checkout")
    assert sample.read_bytes() == seed.read_bytes()


class AbandonedDraftTests(PersonaTestCase):
    def test_a_draft_left_for_a_week_is_purged_and_a_published_plan_is_kept(self) -> None:


        abandoned = import_plan(A_PLAN_WITH_AN_UNKNOWN_NAME.encode(), "kh-12.txt").plan
        published = import_plan(
            A_PLAN_WITH_AN_UNKNOWN_NAME.replace("12/KH", "13/KH").encode(), "kh-13.txt"
        ).plan
        Plan.objects.filter(pk=published.pk).update(status="published")
        week_ago = timezone.now() - datetime.timedelta(days=8)
        Plan.objects.filter(pk__in=[abandoned.pk, published.pk]).update(updated_at=week_ago)
        fresh = import_plan(A_PLAN_WITH_AN_UNKNOWN_NAME.replace("12/KH", "14/KH").encode(), "kh-14.txt").plan
        self.assertEqual(purge_abandoned_drafts(), [abandoned.title])
        self.assertEqual(set(Plan.objects.values_list("pk", flat=True)), {published.pk, fresh.pk})
        self.assertEqual(purge_abandoned_drafts(), [])

        out = StringIO()
        call_command("purge_drafts", stdout=out)
        self.assertIn("Đã xóa 0 dự thảo bị bỏ dở", out.getvalue())


class MatrixColumnTests(PublishedPlanTestCase):
    def test_filtering_by_kind_drops_the_tasks_no_shown_unit_has(self) -> None:
        self.login(self.coordinator)
        matrix = self.client.get(reverse("plans:plan_matrix", args=[self.plan.pk]), {"kind": "ward"}).context[
            "matrix"
        ]
        self.assertEqual([task.code for task in matrix.tasks], [self.commune_task.code])
        self.assertEqual(len(matrix.rows), 15)
