"""The Excel round trip for one unit's report: the same code serves the upload page and the commands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod, Submission
from binhdang.reporting.queries import build_form_spec, submission_values
from binhdang.reporting.services import do_import_values, ensure_editable
from binhdang.reporting.spec import Values
from binhdang.reporting.xlsx import CellError, XlsxImportError, read_report_xlsx, write_report_xlsx


def export_report(period: ReportingPeriod, unit: OrgUnit) -> bytes:
    submission = Submission.objects.filter(period=period, unit=unit).first()
    return write_report_xlsx(build_form_spec(period, unit), submission_values(submission)[0])


@dataclass
class ImportResult:
    values: Values
    errors: list[CellError]
    saved: bool


def import_report(
    period: ReportingPeriod,
    unit: OrgUnit,
    data: bytes,
    *,
    acting_user: Any,
    source: str,
    dry_run: bool = False,
) -> ImportResult:
    """Read a filled workbook; save it only when the whole file is valid (and not a dry run)."""
    spec = build_form_spec(period, unit)
    try:
        values = read_report_xlsx(data, spec, max_bytes=settings.UPLOAD_MAX_BYTES)
    except XlsxImportError as exc:
        return ImportResult({}, list(exc.errors), False)
    submission = Submission.objects.filter(period=period, unit=unit).first()
    if submission is not None:
        try:
            ensure_editable(submission)
        except Exception as exc:  # ValidationError: the report is no longer editable
            return ImportResult(
                values, [CellError("", "", " ".join(getattr(exc, "messages", [str(exc)])))], False
            )
    if dry_run:
        return ImportResult(values, [], False)
    do_import_values(period, unit, spec, values, acting_user=acting_user, source=source)
    return ImportResult(values, [], True)


def describe(error: CellError) -> str:
    if error.sheet and error.cell:
        return _("%(sheet)s!%(cell)s: %(message)s") % {
            "sheet": error.sheet,
            "cell": error.cell,
            "message": error.message,
        }
    return error.message
