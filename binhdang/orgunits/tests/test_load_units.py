from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from binhdang.core.models import AuditEvent
from binhdang.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from binhdang.orgunits.models import OrgUnit


class LoadUnitsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.first_output = StringIO()
        call_command("load_units", stdout=cls.first_output, verbosity=0)

    def test_it_loads_the_whole_country_once_even_when_run_twice(self) -> None:
        second = StringIO()
        call_command("load_units", stdout=second, verbosity=0)
        self.assertIn("tạo mới 3972", self.first_output.getvalue())
        self.assertIn("tạo mới 0, cập nhật 0, giữ nguyên 3972", second.getvalue())
        self.assertEqual(OrgUnit.objects.filter(kind=OrgUnitKind.COUNTRY).count(), 1)
        self.assertEqual(OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE).count(), 34)
        self.assertEqual(OrgUnit.objects.filter(kind__in=LOCAL_KINDS).count(), 3321)
        self.assertEqual(OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE).count(), 2621)
        self.assertEqual(OrgUnit.objects.filter(kind=OrgUnitKind.WARD).count(), 687)
        self.assertEqual(OrgUnit.objects.filter(kind=OrgUnitKind.SPECIAL_ZONE).count(), 13)
        self.assertEqual(AuditEvent.objects.filter(event_type="orgunits.register_loaded").count(), 2)

    def test_thai_nguyen_has_92_communes_and_wards_and_its_bodies(self) -> None:
        province = OrgUnit.objects.get(code="19")
        self.assertEqual(province.name, "Tỉnh Thái Nguyên")
        below = OrgUnit.objects.subtree(province, include_self=False)
        self.assertEqual(below.filter(kind=OrgUnitKind.COMMUNE).count(), 77)
        self.assertEqual(below.filter(kind=OrgUnitKind.WARD).count(), 15)
        names = set(below.exclude(kind__in=LOCAL_KINDS).values_list("name", flat=True))
        for expected in [
            "Sở Nội vụ",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Giáo dục và Đào tạo",
            "Sở Y tế",
            "Sở Khoa học và Công nghệ",
            "Sở Tư pháp",
            "Sở Tài chính",
            "Thanh tra tỉnh",
            "Công an tỉnh",
            "Ủy ban MTTQ Việt Nam tỉnh",
            "Hội Liên hiệp Phụ nữ tỉnh",
            "Liên đoàn Lao động tỉnh",
            "Tỉnh đoàn",
            "Thống kê tỉnh",
            "Báo và Phát thanh, Truyền hình Thái Nguyên",
            "Trung tâm thông tin tỉnh",
            "Sở Dân tộc và Tôn giáo",
        ]:
            self.assertIn(expected, names)

    def test_every_province_has_the_standard_bodies_named_for_its_level(self) -> None:
        hanoi = OrgUnit.objects.get(code="01")
        self.assertEqual(hanoi.name, "Thành phố Hà Nội")
        self.assertTrue(OrgUnit.objects.filter(parent=hanoi, name="Thanh tra thành phố").exists())
        self.assertTrue(OrgUnit.objects.filter(parent=hanoi, name="Thành đoàn").exists())
        for province in OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE):
            self.assertTrue(OrgUnit.objects.filter(code=f"{province.code}-SNV", parent=province).exists())

    def test_paths_follow_the_tree(self) -> None:
        commune = OrgUnit.objects.get(name="Xã Đại Từ")
        self.assertEqual(commune.path, f"VN/19/{commune.code}")
        self.assertEqual(commune.depth, 2)
        self.assertEqual(commune.valid_from.isoformat(), "2025-07-01")

    def test_it_keeps_contact_details_users_entered_when_run_again(self) -> None:
        unit = OrgUnit.objects.get(code="19-SNV")
        unit.email = "snv@thainguyen.gov.vn"
        unit.save(update_fields=["email"])
        call_command("load_units", verbosity=0, stdout=StringIO())
        unit.refresh_from_db()
        self.assertEqual(unit.email, "snv@thainguyen.gov.vn")
