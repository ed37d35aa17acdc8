"""Loading the demo register (data/demo_cases.json) through the services, as a case worker would.

Idempotent: a service already listed (same unit and name) and a case already registered (same code)
are left alone. Units are named by their name within the file's province.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from binhdang.accounts.models import User
from binhdang.gbv import services
from binhdang.gbv.choices import ReferralStatus
from binhdang.gbv.forms import CONSENT_TEXTS
from binhdang.gbv.models import Case, ServiceProvider
from binhdang.gbv.report_fill import fill_report, province_cases
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod, Submission

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_cases.json"


def _unit(province: str, name: str) -> OrgUnit:
    return OrgUnit.objects.get(path__startswith=f"VN/{province}/", name=name)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@transaction.atomic(durable=True)
def _provider(province: str, row: dict[str, Any]) -> ServiceProvider:
    unit = _unit(province, row["unit"])
    provider = ServiceProvider.objects.filter(unit=unit, name=row["name"]).first()
    if provider is None:
        provider = ServiceProvider.objects.create(
            unit=unit,
            name=row["name"],
            kind=row["kind"],
            services=row["services"],
            location=row["location"],
            contact_phone=row["contact_phone"],
            hours=row["hours"],
            capacity=row["capacity"],
            description=row["description"],
        )
    staff = list(User.objects.filter(username__in=row.get("staff", [])))
    if staff:
        provider.staff.add(*staff)
    return provider


def load_demo_cases(path: Path = DEMO_FILE, *, acting_user: Any) -> int:
    """Register the file's cases, then fill the GBV figures of the demo period's reports from them
    (where a report is still editable); returns how many cases were new."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    province = doc["province"]
    providers = {row["key"]: _provider(province, row) for row in doc["providers"]}
    made = 0
    for row in doc["cases"]:
        if Case.objects.filter(code=row["code"]).exists():
            continue
        made += 1
        identity = services.Identity(**row["identity"])
        case = services.do_register_case(
            _unit(province, row["unit"]),
            identity,
            home_commune=_unit(province, row["home_commune"]),
            sex=row["sex"],
            age_band=row["age_band"],
            ethnicity=row["ethnicity"],
            disability=row["disability"],
            registered_on=_date(row["registered_on"]),
            acting_user=acting_user,
            code=row["code"],
        )
        for incident in row["incidents"]:
            services.do_add_incident(
                case,
                acting_user=acting_user,
                occurred_on=_date(incident["occurred_on"]),
                commune=_unit(province, incident["commune"]),
                violence_type=incident["violence_type"],
                setting=incident["setting"],
                perpetrator_relation=incident["perpetrator_relation"],
                perpetrator_sex=incident["perpetrator_sex"],
                perpetrator_age_band=incident["perpetrator_age_band"],
                reported_elsewhere=incident["reported_elsewhere"],
            )
        for consent in row["consents"]:
            services.do_record_consent(
                case,
                purpose=consent["purpose"],
                decision=consent["decision"],
                legal_basis=consent["legal_basis"],
                text_shown=str(CONSENT_TEXTS[consent["purpose"]]),
                provider=providers.get(consent.get("provider", "")),
                acting_user=acting_user,
            )
        for given in row["services"]:
            services.do_add_service(
                case,
                service_type=given["service_type"],
                started_on=_date(given["started_on"]),
                acting_user=acting_user,
            )
        for referral in row["referrals"]:
            made_referral = services.do_refer(
                case,
                providers[referral["provider"]],
                service_type=referral["service_type"],
                need=referral["need"],
                acting_user=acting_user,
            )
            if referral.get("status") and referral["status"] != ReferralStatus.PENDING:
                services.do_move_referral(made_referral, referral["status"], acting_user=acting_user)
    fill_demo_reports(province, acting_user=acting_user)
    return made


def fill_demo_reports(province_code: str, *, acting_user: Any) -> int:
    """The 2026 reports already started by units with counted cases take their GBV figures from the
    register (no report is started for it: Xã Đại Từ's stays for its reporter to fill, from the
    register's statistics page)."""
    period = ReportingPeriod.objects.filter(code="2026").first()
    if period is None:
        return 0
    counted = province_cases(period, OrgUnit.objects.get(code=province_code))
    units = OrgUnit.objects.filter(pk__in={case.unit_id for case in counted}).filter(
        pk__in=Submission.objects.filter(period=period).values("unit_id")
    )
    filled = 0
    for unit in units:
        # A report already sent is refused: its figures stay as they were sent.
        filled += not fill_report(period, unit, acting_user=acting_user, counted=counted).refused
    return filled
