"""A small report form built in the test: what the services and pages are tested against."""

import datetime

from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.indicators.models import DataElement, Dimension, DimensionOption
from binhdang.reporting.loader import load_dimensions, load_template
from binhdang.reporting.models import (
    ReportingPeriod,
    ReportTemplate,
    TemplateElement,
    TemplateSection,
    ValidationRule,
)
from binhdang.reporting.services import do_create_period

ETHNIC = [
    ("01", "Kinh", "kinh"),
    ("02", "Tày", "dtts"),
    ("03", "Thái", "dtts"),
    ("07", "Nùng", "dtts"),
    ("09", "Dao", "dtts"),
]


def make_period_2026(coordinator: object) -> ReportingPeriod:
    """The real annual form (data/templates) and its 2026 period, as a province opens it."""
    load_dimensions()
    load_template()
    template = ReportTemplate.objects.get(code="BDG-NAM", version=1)
    return do_create_period(
        template=template,
        code="2026",
        name="Báo cáo năm 2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
        consolidation_due=datetime.date(2026, 12, 20),
        plan=None,
        acting_user=coordinator,
    )


def make_form() -> ReportingPeriod:
    sex = Dimension.objects.create(code="sex", name="Giới tính", name_en="Sex", order=1)
    DimensionOption.objects.create(dimension=sex, code="M", name="Nam", name_en="Male", order=1)
    DimensionOption.objects.create(dimension=sex, code="F", name="Nữ", name_en="Female", order=2)
    ethnicity = Dimension.objects.create(code="ethnicity", name="Dân tộc", name_en="Ethnicity", order=3)
    for order, (code, name, group) in enumerate(ETHNIC):
        DimensionOption.objects.create(dimension=ethnicity, code=code, name=name, group=group, order=order)
    template = ReportTemplate.objects.create(
        code="TEST",
        name="Báo cáo thử",
        name_en="Test report",
        unit_kinds=[
            "department",
            "agency",
            "mass_org",
            "central_agency",
            "media",
            "commune",
            "ward",
            "special_zone",
        ],
    )
    staff = TemplateSection.objects.create(template=template, number="1", name="Cán bộ", order=1)
    money = TemplateSection.objects.create(template=template, number="2", name="Kinh phí", order=2)
    health = TemplateSection.objects.create(template=template, number="3", name="Y tế", order=3)
    elements = {
        "OFFICIALS": DataElement.objects.create(
            code="OFFICIALS", name="Công chức làm công tác BĐG", dimensions=["sex"]
        ),
        "FULL_TIME": DataElement.objects.create(
            code="FULL_TIME", name="Trong đó chuyên trách", dimensions=["sex"]
        ),
        "PARTICIPANTS": DataElement.objects.create(
            code="PARTICIPANTS", name="Người tham gia", dimensions=["sex", "ethnicity"]
        ),
        "SPENT": DataElement.objects.create(
            code="SPENT", name="Kinh phí đã chi", value_type="money", unit_of_measure="đồng"
        ),
        "NOTE": DataElement.objects.create(code="NOTE", name="Khó khăn, vướng mắc", value_type="text"),
        "SRB": DataElement.objects.create(code="SRB", name="Tỷ số giới tính khi sinh", value_type="decimal"),
    }
    TemplateElement.objects.create(section=staff, element=elements["OFFICIALS"], order=1)
    TemplateElement.objects.create(section=staff, element=elements["FULL_TIME"], order=2)
    TemplateElement.objects.create(section=staff, element=elements["PARTICIPANTS"], order=3)
    TemplateElement.objects.create(section=money, element=elements["SPENT"], order=1)
    TemplateElement.objects.create(section=money, element=elements["NOTE"], order=2)
    TemplateElement.objects.create(
        section=health, element=elements["SRB"], order=1, unit_kinds=["department"]
    )
    ValidationRule.objects.create(
        template=template,
        code="FT",
        left="E(FULL_TIME)",
        operator="<=",
        right="E(OFFICIALS)",
        message="Số chuyên trách không thể lớn hơn tổng số.",
    )
    return ReportingPeriod.objects.create(
        template=template,
        code="2026",
        name="Báo cáo năm 2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
    )


class ReportTestCase(PersonaTestCase):
    period: ReportingPeriod

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.period = make_form()
