from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership, User
from binhdang.core.models import Notification
from binhdang.core.notify import notify
from binhdang.core.tests.helpers import PersonaTestCase


class HomeTests(PersonaTestCase):
    def test_the_coordinator_sees_the_province_and_its_units(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("accounts:home"))
        self.assertContains(response, "Điều phối — Tỉnh Thái Nguyên")
        self.assertEqual(response.context["unit_total"], 92 + 21)
        kinds = {label: count for label, count, _kind in response.context["kind_counts"]}
        self.assertEqual(kinds["Xã"], 77)
        self.assertEqual(kinds["Phường"], 15)

    def test_a_unit_head_sees_the_approval_duty(self) -> None:
        self.login(self.head_a)
        response = self.client.get(reverse("accounts:home"))
        self.assertContains(response, "Phê duyệt báo cáo của đơn vị")

    def test_the_admin_gets_the_administration_page(self) -> None:
        self.login(self.admin)
        self.assertContains(self.client.get(reverse("accounts:home")), "Quản trị hệ thống")

    def test_an_account_without_a_unit_is_told_what_to_do(self) -> None:
        lonely = User.objects.create_user("moi.vao", password="x-1234567890")
        self.login(lonely)
        self.assertContains(self.client.get(reverse("accounts:home")), "chưa được gắn với đơn vị nào")


class UnitSwitcherTests(PersonaTestCase):
    def test_a_user_with_two_units_switches_between_them(self) -> None:
        Membership.objects.create(user=self.reporter_a, unit=self.commune_b, role=Role.VIEWER)
        self.login(self.reporter_a)
        page = self.client.get(reverse("accounts:home"))
        self.assertContains(page, 'id="switch-membership"')
        target = self.reporter_a.memberships.get(unit=self.commune_b)
        response = self.client.post(
            reverse("accounts:switch_unit"), {"membership": target.pk, "next": "/"}, follow=True
        )
        self.assertContains(response, "Tổng quan — Xã Phú Lương")

    def test_nobody_switches_into_someone_elses_membership(self) -> None:
        other = self.reporter_b.memberships.get()
        self.login(self.reporter_a)
        response = self.client.post(reverse("accounts:switch_unit"), {"membership": other.pk}, follow=True)
        self.assertContains(response, "Đơn vị đó không phải của bạn")
        self.assertContains(response, "Xã Đại Từ")

    def test_the_switch_ignores_a_foreign_next_address(self) -> None:
        self.login(self.reporter_a)
        membership = self.reporter_a.memberships.get()
        response = self.client.post(
            reverse("accounts:switch_unit"), {"membership": membership.pk, "next": "https://evil.example/"}
        )
        self.assertEqual(response["Location"], reverse("accounts:home"))


class NotificationPageTests(PersonaTestCase):
    def test_unread_notifications_show_in_the_menu_and_are_read_on_the_page(self) -> None:
        notify(
            [self.reporter_a],
            kind="report_returned",
            title="Báo cáo bị trả lại",
            body="Lý do: thiếu số liệu",
            url="/reports/",
        )
        self.login(self.reporter_a)
        self.assertContains(self.client.get(reverse("accounts:home")), "data-unread>1<")
        page = self.client.get(reverse("core:notifications"))
        self.assertContains(page, "Báo cáo bị trả lại")
        self.assertContains(page, "Lý do: thiếu số liệu")
        self.assertNotContains(self.client.get(reverse("accounts:home")), "data-unread")
        self.login(self.reporter_b)
        self.assertNotContains(self.client.get(reverse("core:notifications")), "Báo cáo bị trả lại")


class MarkAllReadTests(PersonaTestCase):
    def test_mark_all_as_read_reads_every_unread_notification_of_the_user_only(self) -> None:
        for n in range(105):  # more than the page lists (100)
            notify([self.reporter_a, self.reporter_b], kind="reminder", title=f"Đôn đốc {n}")
        self.login(self.reporter_a)
        page = self.client.get(reverse("core:notifications"))
        self.assertContains(page, "Đánh dấu tất cả đã đọc")
        self.assertContains(self.client.get(reverse("accounts:home")), "data-unread>5<")  # beyond the page
        response = self.client.post(reverse("core:mark_all_read"), follow=True)
        self.assertContains(response, "Đã đánh dấu 5 thông báo là đã đọc.")
        self.assertNotContains(response, "data-unread")
        self.assertNotContains(response, "Đánh dấu tất cả đã đọc")  # nothing left unread
        self.assertEqual(Notification.objects.filter(user=self.reporter_a, read_at__isnull=True).count(), 0)
        self.assertEqual(Notification.objects.filter(user=self.reporter_b, read_at__isnull=True).count(), 105)
