"""The demo's feedback intake: Thái Nguyên's routing and a few items in different states, so that
the handler `snv.tiepnhan` finds work on the list (idempotent: nothing is filed twice)."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from binhdang.feedback import services
from binhdang.feedback.models import Feedback
from binhdang.orgunits.models import OrgUnit


def load_demo_feedback(users: dict[str, Any]) -> int:
    province = OrgUnit.objects.get(code="19")
    services.do_load_routing(province)
    if Feedback.objects.filter(province=province).exists():
        return 0
    handler = users["feedback_handler"]
    commune = OrgUnit.objects.get(code="05830")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        services.do_file(
            services.Filing(
                kind="recommendation",
                subject="family",
                content="Đề nghị xã tổ chức sinh hoạt câu lạc bộ về chia sẻ việc nhà giữa vợ và chồng.",
                province=province,
                place=commune,
            )
        )
        complaint = services.do_file(
            services.Filing(
                kind="complaint",
                subject="workplace",
                content="Công ty không cho tôi nghỉ thai sản đủ 6 tháng và cắt hợp đồng sau khi tôi sinh.",
                province=province,
                organisation="Công ty TNHH May mặc Đại Từ",
                name="Nguyễn Thị Hoa",
                address="Xóm Đồng Tâm, xã Đại Từ",
                phone="0912000111",
                consent_contact=True,
            )
        )
        services.do_accept(complaint, acting_user=handler)
        answered = services.do_file(
            services.Filing(
                kind="feedback",
                subject="politics",
                content="Danh sách ứng cử viên trưởng thôn năm nay không có phụ nữ.",
                province=province,
                place=commune,
            )
        )
        services.do_accept(answered, acting_user=handler)
        services.do_answer(
            answered,
            answer="UBND xã đã chỉ đạo các thôn giới thiệu thêm ứng cử viên nữ trong lần bầu bổ sung.",
            acting_user=handler,
        )
    return 3
