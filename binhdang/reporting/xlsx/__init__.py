"""The unit's report as an Excel workbook to fill in offline, and reading it back.

Depends only on ``binhdang.reporting.spec``, openpyxl and gettext; see ``common`` for the layout.
"""

from .common import CellError, XlsxImportError, safe_text
from .reader import BaseVersions, read_base_versions, read_report_xlsx
from .writer import write_report_xlsx

__all__ = [
    "BaseVersions",
    "CellError",
    "XlsxImportError",
    "read_base_versions",
    "read_report_xlsx",
    "safe_text",
    "write_report_xlsx",
]
