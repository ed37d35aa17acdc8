"""The register's statistics as XLSX and DOCX: the suppressed tables only (what the page shows).

The documents layer sits above the register, so these two small writers live here; they take the
typed `Statistics` and never query."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Font

from binhdang.gbv.stats import Statistics


def _note(stats: Statistics) -> str:
    return _(
        "Only cases whose survivor consented to statistics, each survivor once. Counts from 1 to %(t)d are "
        "shown as “<%(n)d”; “x” is hidden so that a hidden count cannot be worked out from the totals."
    ) % {"t": stats.threshold - 1, "n": stats.threshold}


def _title(stats: Statistics) -> str:
    return _("Gender-based violence: %(unit)s, %(start)s – %(end)s") % {
        "unit": stats.root.name,
        "start": stats.date_from.strftime("%d/%m/%Y"),
        "end": stats.date_to.strftime("%d/%m/%Y"),
    }


def stats_xlsx(stats: Statistics) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Statistics")[:31]
    sheet.append([_title(stats)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_note(stats)])
    for table in stats.tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append([table.row_title, *[label for _c, label in table.columns]])
        for label, cells in table.grid():
            sheet.append([label, *[cell.shown for cell in cells]])
    sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stats_docx(stats: Statistics) -> bytes:
    document = Document()
    document.add_heading(_title(stats), level=1)
    document.add_paragraph(_note(stats))
    if stats.mt32a is not None:
        document.add_paragraph(
            _("Victims who reached at least one basic service (NQ 28, MT3.2a): %(p)s%%")
            % {"p": f"{stats.mt32a:.1f}".replace(".", ",")}
        )
    for table in stats.tables:
        document.add_heading(table.title, level=2)
        grid = document.add_table(rows=1, cols=1 + len(table.columns))
        grid.style = "Table Grid"
        header = grid.rows[0].cells
        header[0].text = table.row_title
        for i, (_code, label) in enumerate(table.columns, start=1):
            header[i].text = label
        for label, cells in table.grid():
            row = grid.add_row().cells
            row[0].text = label
            for i, cell in enumerate(cells, start=1):
                row[i].text = cell.shown
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
