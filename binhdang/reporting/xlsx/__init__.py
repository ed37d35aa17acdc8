"""The unit's report as an Excel workbook to fill in offline, and reading it back.

Depends only on ``binhdang.reporting.spec``, openpyxl and gettext; see ``common`` for the layout.
"""

from .common import CellError, XlsxImportError, safe_text
from .reader import read_report_xlsx
from .writer import write_report_xlsx

__all__ = ["CellError", "XlsxImportError", "read_report_xlsx", "safe_text", "write_report_xlsx"]
