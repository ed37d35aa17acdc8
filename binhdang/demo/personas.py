"""The people of the demo and of the tests (after healthchecks' Alice, Bob and Charlie).

The same definitions serve `manage.py load_demo` and the test suite, so what a tester
clicks through in the demo is what the tests assert.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership, User
from binhdang.core import audit
from binhdang.orgunits.models import OrgUnit

DEMO_PASSWORD = "BinhDang@2026"
PROVINCE = "19"  # Thái Nguyên


@dataclass(frozen=True)
class Persona:
    key: str
    username: str
    full_name: str
    role: str
    unit_code: str
    email: str
    superuser: bool = False
    position: str = ""


def _code(name: str, province: str = PROVINCE) -> str:
    return OrgUnit.objects.get(path__startswith=f"VN/{province}/", name=name).code


def personas() -> list[Persona]:
    """Thái Nguyên's people. Needs the register of province 19 loaded."""
    commune_a = _code("Xã Đại Từ")
    commune_b = _code("Xã Phú Lương")
    return [
        Persona(
            "admin", "quantri", "Quản trị hệ thống", Role.ADMIN, "VN", "quantri@example.vn", superuser=True
        ),
        Persona(
            "coordinator",
            "snv.dieuphoi",
            "Nguyễn Thu Hà",
            Role.COORDINATOR,
            PROVINCE,
            "dieuphoi@example.vn",
            position="Chuyên viên Sở Nội vụ",
        ),
        Persona(
            "reporter_a",
            "daitu.baocao",
            "Hoàng Văn Minh",
            Role.REPORTER,
            commune_a,
            "daitu@example.vn",
            position="Công chức Văn hóa - Xã hội",
        ),
        Persona(
            "head_a",
            "daitu.chutich",
            "Lường Thị Lan",
            Role.HEAD,
            commune_a,
            "chutich.daitu@example.vn",
            position="Chủ tịch UBND xã",
        ),
        Persona(
            "reporter_b",
            "phuluong.baocao",
            "Trần Thị Hoa",
            Role.REPORTER,
            commune_b,
            "phuluong@example.vn",
            position="Công chức Văn hóa - Xã hội",
        ),
        Persona(
            "department_reporter",
            "syt.baocao",
            "Phạm Quang Huy",
            Role.REPORTER,
            f"{PROVINCE}-SYT",
            "syt@example.vn",
            position="Chuyên viên Sở Y tế",
        ),
        Persona(
            "viewer",
            "lanhdao.tinh",
            "Bùi Văn Lương",
            Role.VIEWER,
            PROVINCE,
            "lanhdao@example.vn",
            position="Phó Chủ tịch UBND tỉnh",
        ),
        Persona(
            "gbv_worker",
            "daitu.hotro",
            "Đinh Thị Mai",
            Role.GBV_WORKER,
            commune_a,
            "hotro.daitu@example.vn",
            position="Cán bộ hỗ trợ nạn nhân",
        ),
        Persona(
            "feedback_handler",
            "snv.tiepnhan",
            "Vũ Minh Tuấn",
            Role.FEEDBACK_HANDLER,
            PROVINCE,
            "tiepnhan@example.vn",
            position="Chuyên viên tiếp nhận phản ánh",
        ),
        Persona(
            "outsider",
            "ngoai.tinh",
            "Lê Văn Khách",
            Role.REPORTER,
            _code("Phường Hoàn Kiếm", "01"),
            "khach@example.vn",
            position="Công chức phường ở Hà Nội",
        ),
        # The GBV register (binhdang/gbv): its supervisor, a shelter answering referrals, the officer
        # who audits access.
        Persona(
            "gbv_supervisor",
            "daitu.giamsat",
            "Nông Thị Hằng",
            Role.GBV_SUPERVISOR,
            commune_a,
            "giamsat.daitu@example.vn",
            position="Phó Chủ tịch UBND xã, phụ trách hỗ trợ nạn nhân",
        ),
        Persona(
            "gbv_provider",
            "daitu.tamlanh",
            "Triệu Thị Nguyệt",
            Role.GBV_PROVIDER,
            commune_a,
            "tamlanh.daitu@example.vn",
            position="Người phụ trách nhà tạm lánh",
        ),
        Persona(
            "data_protection",
            "snv.baovedulieu",
            "Phan Đức Thắng",
            Role.DATA_PROTECTION,
            PROVINCE,
            "baovedulieu@example.vn",
            position="Cán bộ bảo vệ dữ liệu cá nhân",
        ),
    ]


@transaction.atomic
def create_personas(password: str = DEMO_PASSWORD) -> dict[str, User]:
    """Create (or refresh) every persona's account and membership. Idempotent."""
    users: dict[str, User] = {}
    for persona in personas():
        user, created = User.objects.get_or_create(
            username=persona.username,
            defaults={"full_name": persona.full_name, "email": persona.email, "position": persona.position},
        )
        if created:
            user.set_password(password)
        user.is_superuser = user.is_staff = persona.superuser
        user.save()
        unit = OrgUnit.objects.get(code=persona.unit_code)
        membership, made = Membership.objects.get_or_create(user=user, unit=unit, role=persona.role)
        if created or made:
            audit.record("accounts.persona_created", membership, unit_path=unit.path, username=user.username)
        users[persona.key] = user
    return users
