"""The Nghị định 30/2020/NĐ-CP Word writer: the document model (blocks, issuer, signature) and
`render_docx`.

The writer takes plain dataclasses and never touches the database: a document module
(`provincial_report`, `reminder_letter`) builds an `OfficialDocument` from its typed input and calls
`render_docx`; `binhdang.documents.pdf` turns the result into a PDF.

Layout (Phụ lục I of the decree, Mẫu 1.4 for documents with a type name, Mẫu 1.5 for công văn):

* A4 portrait (an appendix may be landscape); margins top/bottom 20 mm, left 30 mm, right 15 mm;
  Times New Roman on every run and every script slot; body 14 pt, black.
* Header: a borderless two-column table. Left: the parent agency (upright capitals), the issuing
  agency (bold capitals) with a short rule of about 40 % of its width, then "Số: 12/BC-SNV" and,
  for a công văn, "V/v …". Right: the Quốc hiệu, the Tiêu ngữ with a rule as long as the text,
  then the italic place and date on the same row as "Số:".
* Tên loại and trích yếu centred in bold with a short rule (documents with a type name), the
  "Kính gửi:" lines, the body, then a borderless table with "Nơi nhận:" on the left and the
  signature block on the right.
* Page numbers centred at the top from page 2 (a different, empty first-page header).

Document text is Vietnamese by law: it is written here as Vietnamese literals, not through gettext.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from binhdang.documents import ooxml as ox
from binhdang.documents.formatting import is_number, place_and_date

# --- Page and type sizes (the decree's ranges in comments) -------------------------------------

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20  # 20–25
MARGIN_BOTTOM_MM = 20  # 20–25
MARGIN_LEFT_MM = 30  # 30–35
MARGIN_RIGHT_MM = 15  # 15–20
HEADER_DISTANCE_MM = 10

BODY_SIZE = 14  # 13–14
AGENCY_SIZE = 13  # 12–13, parent upright and issuer bold
NUMBER_SIZE = 13  # 13
SUBJECT_CV_SIZE = 12  # 12–13, "V/v …" of a công văn
NATIONAL_SIZE = 12  # 12–13, bold capitals
MOTTO_SIZE = 13  # 13–14, bold
PLACE_DATE_SIZE = 14  # 13–14, italic
TITLE_SIZE = 14  # 13–14, bold capitals
RECIPIENTS_LABEL_SIZE = 12  # 12, bold italic
RECIPIENTS_SIZE = 11  # 11
SIGNATURE_SIZE = 14  # 13–14, bold capitals; name bold
PAGE_NUMBER_SIZE = 14  # 13–14
APPENDIX_TITLE_SIZE = 14
TABLE_SIZE = 13

FIRST_LINE_INDENT_CM = 1.27  # 1 cm or 1.27 cm
PARAGRAPH_AFTER_PT = 6  # at least 6 pt
LINE_SPACING = 1.15  # single to 1.5
SIGNING_SPACE_LINES = 5  # empty lines left for the handwritten or digital signature

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The Tiêu ngữ's printed width at MOTTO_SIZE in bold Times New Roman (measured on the metric-
# compatible Liberation Serif Bold): the rule under it is exactly as long as the text.
MOTTO_WIDTH_CM = 5.61

HEADER_LEFT_CM = 6.5
HEADER_RIGHT_CM = 10.0
CLOSING_LEFT_CM = 7.0
CLOSING_RIGHT_CM = 9.5
HEADER_CELL_MARGIN_CM = 0.1
AGENCY_RULE_RATIO = 0.4  # the decree: 1/3 to 1/2 of the agency name
SUBJECT_RULE_RATIO = 0.4  # the decree: 1/3 to 1/2 of the trích yếu
SERIAL_HEADERS = {"stt", "tt", "số tt"}

CONGVAN = "CV"


# --- The document model ------------------------------------------------------------------------


@dataclass
class Issuer:
    """The issuing agency and, above it, its parent: printed in capitals.

    Give `name` in ordinary case ("Sở Nội vụ") where a builder also uses it in sentences;
    the header prints it in capitals either way.
    """

    parent: str | None
    name: str


@dataclass
class Signature:
    """The signature block: prefix and capacity lines in bold capitals, then the signer's name.

    * ``Signature("KT.", "PHÓ GIÁM ĐỐC", "Nguyễn Quốc Hữu", "GIÁM ĐỐC")`` prints
      "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC";
    * ``Signature("TM.", "CHỦ TỊCH", name, "ỦY BAN NHÂN DÂN")`` prints "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH";
    * the provincial three-line block adds ``deputy_for``: ``Signature("TM.", "PHÓ CHỦ TỊCH", name,
      "ỦY BAN NHÂN DÂN", deputy_for="CHỦ TỊCH")`` prints "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
      PHÓ CHỦ TỊCH";
    * ``Signature("Q.", "GIÁM ĐỐC", name, None)`` prints "Q. GIÁM ĐỐC"; no prefix prints the position.
    """

    prefix: str | None
    position: str
    name: str
    collective: str | None = None
    deputy_for: str | None = None

    @property
    def lines(self) -> list[str]:
        """The capacity lines, in capitals, without the name."""
        prefix = _prefix(self.prefix)
        position = self.position.strip()
        if prefix and self.collective:
            lines = [f"{prefix} {self.collective.strip()}"]
        elif prefix:
            lines = [f"{prefix} {position}"]
            position = ""
        else:
            lines = []
        if self.deputy_for:
            lines.append(f"KT. {self.deputy_for.strip()}")
        if position:
            lines.append(position)
        return [ox.clean(line).upper() for line in lines]


@dataclass
class Heading:
    """A heading: level 1 "I. …" in bold capitals, level 2 "1. …" bold, level 3 "a) …" italic.

    The text carries its own numbering ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Kết quả").
    """

    text: str
    level: int = 1


@dataclass
class Paragraph:
    """Body text: justified, first-line indent, 6 pt after. `italic` for căn cứ lines."""

    text: str
    italic: bool = False


@dataclass
class Bullets:
    """Lines starting "- " in the body's format."""

    items: list[str]


@dataclass
class Table:
    """A bordered table: bold centred header row (repeated on each page), numbers right-aligned.

    A first column headed "STT"/"TT" is centred. `widths_cm` default to an equal share of the text
    width (a narrow STT column); `total_row` is printed in bold after the rows.
    """

    header: list[str]
    rows: list[list[str]]
    widths_cm: list[float] | None = None
    total_row: list[str] | None = None
    font_size: float = TABLE_SIZE


Block = Heading | Paragraph | Bullets | Table


@dataclass
class Appendix:
    """An appendix on a new page: "Phụ lục I" (14, bold), its subtitle (bold), the note (italic).

    `note` is the "(Kèm theo Báo cáo số … ngày …)" line. `landscape` turns its pages sideways for
    wide tables (a new section; the page numbers carry on).
    """

    title: str
    subtitle: str
    note: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False


@dataclass
class OfficialDocument:
    """Everything printed on an official document.

    * `number` None leaves "Số:      /BC-SNV" for the clerk to fill in when registering; a bare
      number below 10 gets its leading zero ("5" → "05"); a number containing "/" is printed as is.
    * The ký hiệu is "<kind>-<issuer_code>" ("BC-SNV", "KH-UBND"); a công văn (kind "CV") has none
      and uses "<issuer_code>-<drafting_unit>" or just the issuer code ("SNV-VP", "SNV").
    * `date` None leaves "ngày     tháng     năm <year>" blank for the signing date.
    * `kind_title` None makes a công văn: the subject goes under the number as "V/v …".
    """

    issuer: Issuer
    kind_code: str
    number: str | None
    issuer_code: str
    place: str
    date: datetime.date | None
    year: int
    kind_title: str | None
    subject: str
    addressees: list[str]
    body: list[Block]
    recipients: list[str]
    signature: Signature
    appendices: list[Appendix] = field(default_factory=list)
    drafting_unit: str | None = None

    @property
    def is_congvan(self) -> bool:
        return self.kind_title is None

    @property
    def notation(self) -> str:
        """The ký hiệu after the slash: "BC-SNV", or "SNV-VP" / "SNV" for a công văn."""
        if self.kind_code.upper() == CONGVAN or self.is_congvan:
            parts = [self.issuer_code, self.drafting_unit]
        else:
            parts = [self.kind_code, self.issuer_code]
        return "-".join(part.strip() for part in parts if part and part.strip())


# --- Text helpers ------------------------------------------------------------------------------


def _prefix(prefix: str | None) -> str:
    if not prefix or not prefix.strip():
        return ""
    prefix = prefix.strip().upper()
    return prefix if prefix.endswith(".") else prefix + "."


def document_number(doc: OfficialDocument) -> str:
    """ "Số: 12/BC-SNV", "Số: 05/KH-UBND", or "Số:      /BC-SNV" while unnumbered."""
    number = (doc.number or "").strip()
    if "/" in number:
        return f"Số: {number}"
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"
    if not number:
        number = "     "
    return f"Số: {number}/{doc.notation}"


def _listed(items: list[str], *, last: str = ".") -> list[str]:
    """ "- item;" lines, the last ending with `last`; existing dashes and end marks are not doubled."""
    cleaned = [re.sub(r"^\s*[-–+]\s*", "", item).strip().rstrip(";.,").strip() for item in items]
    cleaned = [item for item in cleaned if item]
    return [f"- {item}{last if i == len(cleaned) - 1 else ';'}" for i, item in enumerate(cleaned)]


# --- Rendering ---------------------------------------------------------------------------------


class _CellFlow:
    """Adds paragraphs to a table cell, writing into its initial empty paragraph first."""

    def __init__(self, cell) -> None:
        self.cell = cell
        self.used = False

    def add_paragraph(self):
        if not self.used:
            self.used = True
            return self.cell.paragraphs[0]
        return self.cell.add_paragraph()


class _Writer:
    """Builds the python-docx document for one OfficialDocument."""

    def __init__(self, doc: OfficialDocument) -> None:
        self.doc = doc
        self.document = docx.Document()
        self.text_width_cm = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 10
        self.space_next = False

    # Set-up

    def setup(self) -> None:
        document = self.document
        ox.set_document_defaults(document.styles.element, BODY_SIZE)
        normal = document.styles["Normal"]
        ox.style_font(normal, BODY_SIZE)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        section = document.sections[0]
        self._page(section, landscape=False)
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False  # an empty header on page 1
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ox.mark_font(header, PAGE_NUMBER_SIZE)
        ox.add_page_field(header, PAGE_NUMBER_SIZE)
        for empty in section.first_page_header.paragraphs:
            ox.mark_font(empty, PAGE_NUMBER_SIZE)

    def _page(self, section, *, landscape: bool) -> None:
        width, height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        section.top_margin = Mm(MARGIN_TOP_MM)
        section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
        section.left_margin = Mm(MARGIN_LEFT_MM)
        section.right_margin = Mm(MARGIN_RIGHT_MM)
        section.header_distance = Mm(HEADER_DISTANCE_MM)
        section.footer_distance = Mm(HEADER_DISTANCE_MM)
        section.gutter = Mm(0)
        page_mm = PAGE_HEIGHT_MM if landscape else PAGE_WIDTH_MM
        self.text_width_cm = (page_mm - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) / 10

    # Small builders

    def _paragraph(self, container, align=WD_ALIGN_PARAGRAPH.CENTER, *, before: float = 0, after: float = 0):
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.space_after = Pt(after)
        return paragraph

    def _line(
        self,
        container,
        text: str,
        size: float,
        *,
        bold: bool = False,
        italic: bool = False,
        before: float = 0,
        after: float = 0,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    ):
        paragraph = self._paragraph(container, align, before=before, after=after)
        ox.mark_font(paragraph, size)
        ox.add_run(paragraph, text, size, bold=bold, italic=italic)
        return paragraph

    def _borderless(self, rows: int, widths: list[float]):
        table = self.document.add_table(rows=rows, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        ox.table_borders(table, visible=False)
        ox.cell_margins(table, left_cm=HEADER_CELL_MARGIN_CM, right_cm=HEADER_CELL_MARGIN_CM)
        ox.table_widths(table, widths)
        for row in table.rows:
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        return table

    def _short_rule(self, container, text: str, size: float, available_cm: float, ratio: float, *, after=0):
        reference = min(ox.estimate_width_cm(text, size, bold=True), available_cm)
        width = max(reference * ratio, 1.0)
        return ox.short_rule(container, width, available_cm, after_pt=after)

    # Parts of the document

    def header(self) -> None:
        doc = self.doc
        table = self._borderless(2, [HEADER_LEFT_CM, HEADER_RIGHT_CM])
        left_width = HEADER_LEFT_CM - 2 * HEADER_CELL_MARGIN_CM
        right_width = HEADER_RIGHT_CM - 2 * HEADER_CELL_MARGIN_CM

        agency = _CellFlow(table.cell(0, 0))
        if doc.issuer.parent and doc.issuer.parent.strip():
            self._line(agency, doc.issuer.parent.strip().upper(), AGENCY_SIZE)
        name = ox.clean(doc.issuer.name.strip()).upper()
        self._line(agency, name, AGENCY_SIZE, bold=True)
        self._short_rule(agency, name, AGENCY_SIZE, left_width, AGENCY_RULE_RATIO)

        nation = _CellFlow(table.cell(0, 1))
        self._line(nation, NATIONAL_NAME, NATIONAL_SIZE, bold=True)
        self._line(nation, MOTTO, MOTTO_SIZE, bold=True)
        ox.short_rule(nation, MOTTO_WIDTH_CM, right_width)

        number = _CellFlow(table.cell(1, 0))
        self._line(number, document_number(doc), NUMBER_SIZE, before=6)
        if doc.is_congvan:
            subject = doc.subject.strip()
            if not subject.lower().startswith("v/v"):
                subject = f"V/v {subject}"
            self._line(number, subject, SUBJECT_CV_SIZE, before=3)

        date = _CellFlow(table.cell(1, 1))
        self._line(
            date, place_and_date(doc.place, doc.date, doc.year), PLACE_DATE_SIZE, italic=True, before=6
        )

    def title(self) -> None:
        doc = self.doc
        if doc.is_congvan:
            return
        body = self.document
        self._line(body, doc.kind_title.strip().upper(), TITLE_SIZE, bold=True, before=18)
        subject = doc.subject.strip()
        self._line(body, subject, TITLE_SIZE, bold=True)
        self._short_rule(body, subject, TITLE_SIZE, self.text_width_cm, SUBJECT_RULE_RATIO, after=6)

    def addressees(self) -> None:
        names = [ox.clean(name).strip() for name in self.doc.addressees if name and name.strip()]
        body = self.document
        before = 12 if self.doc.is_congvan else 6
        if len(names) == 1:
            self._line(body, f"Kính gửi: {names[0]}", BODY_SIZE, before=before, after=6)
        elif names:
            label_cm, start_cm = 2.6, 2.5
            for i, line in enumerate(_listed(names)):
                last = i == len(names) - 1
                paragraph = self._paragraph(
                    body, WD_ALIGN_PARAGRAPH.LEFT, before=before if i == 0 else 0, after=6 if last else 0
                )
                paragraph.paragraph_format.left_indent = Cm(start_cm + label_cm)
                if i == 0:
                    paragraph.paragraph_format.first_line_indent = Cm(-label_cm)
                    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(start_cm + label_cm))
                    ox.add_run(paragraph, "Kính gửi:\t", BODY_SIZE)
                ox.add_run(paragraph, line, BODY_SIZE)
        if names:
            self.space_next = True  # a little space between "Kính gửi" and the body

    def _body_paragraph(self, container, *, keep_with_next: bool = False):
        paragraph = self._paragraph(
            container,
            WD_ALIGN_PARAGRAPH.JUSTIFY,
            before=6 if self.space_next else 0,
            after=PARAGRAPH_AFTER_PT,
        )
        paragraph.paragraph_format.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
        paragraph.paragraph_format.line_spacing = LINE_SPACING
        paragraph.paragraph_format.widow_control = True
        paragraph.paragraph_format.keep_with_next = keep_with_next
        ox.mark_font(paragraph, BODY_SIZE)
        self.space_next = False
        return paragraph

    def block(self, block: Block) -> None:
        body = self.document
        if isinstance(block, Heading):
            if block.level not in (1, 2, 3):
                raise ValueError(f"Heading level must be 1, 2 or 3, not {block.level}.")
            paragraph = self._body_paragraph(body, keep_with_next=True)
            paragraph.paragraph_format.space_before = Pt(6)
            text = ox.clean(block.text.strip())
            if block.level == 1:
                ox.add_run(paragraph, text.upper(), BODY_SIZE, bold=True)
            elif block.level == 2:
                ox.add_run(paragraph, text, BODY_SIZE, bold=True)
            else:
                ox.add_run(paragraph, text, BODY_SIZE, italic=True)
        elif isinstance(block, Paragraph):
            paragraph = self._body_paragraph(body)
            ox.add_run(paragraph, block.text.strip(), BODY_SIZE, italic=block.italic)
        elif isinstance(block, Bullets):
            for item in block.items:
                text = item.strip()
                if not text.startswith(("- ", "+ ")):
                    text = f"- {text}"
                ox.add_run(self._body_paragraph(body), text, BODY_SIZE)
        elif isinstance(block, Table):
            self.table(block)
        else:
            raise TypeError(f"Not a document block: {block!r}")

    def table(self, spec: Table) -> None:
        columns = len(spec.header)
        rows = [list(row) for row in spec.rows]
        if spec.total_row is not None:
            rows.append(list(spec.total_row))
        for row in rows:
            if len(row) > columns:
                raise ValueError(f"A table row has {len(row)} cells for {columns} columns: {row!r}")
            row.extend([""] * (columns - len(row)))
        serial = spec.header[0].strip().lower() in SERIAL_HEADERS
        widths = list(spec.widths_cm) if spec.widths_cm else self._default_widths(columns, serial)
        if len(widths) != columns:
            raise ValueError(f"widths_cm has {len(widths)} widths for {columns} columns.")
        table = self.document.add_table(rows=1 + len(rows), cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        ox.table_borders(table, visible=True)
        ox.cell_margins(table, left_cm=0.1, right_cm=0.1, top_cm=0.03, bottom_cm=0.03)
        ox.table_widths(table, widths)
        ox.repeat_as_header(table.rows[0])
        ox.keep_row_together(table.rows[0])
        size = spec.font_size
        for index, text in enumerate(spec.header):
            cell = table.cell(0, index)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            self._cell_text(cell, text, size, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
            for paragraph in cell.paragraphs:  # the header row never ends a page without a row under it
                paragraph.paragraph_format.keep_with_next = True
        # table.cell(r, c) rebuilds python-docx's whole cell grid on every call (quadratic in the rows);
        # these tables never merge cells, so each row's own cells are read directly.
        row_cells = [row.cells for row in table.rows]
        for row_index, row in enumerate(rows, start=1):
            ox.keep_row_together(table.rows[row_index])
            total = spec.total_row is not None and row_index == len(rows)
            for index, text in enumerate(row):
                if index == 0 and serial:
                    align = WD_ALIGN_PARAGRAPH.CENTER
                elif is_number(text):
                    align = WD_ALIGN_PARAGRAPH.RIGHT
                else:
                    align = WD_ALIGN_PARAGRAPH.LEFT
                cell = row_cells[row_index][index]
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                self._cell_text(cell, text, size, align, bold=total)
        self.space_next = True

    def _default_widths(self, columns: int, serial: bool) -> list[float]:
        if serial and columns > 1:
            rest = (self.text_width_cm - 1.2) / (columns - 1)
            return [1.2] + [round(rest, 2)] * (columns - 1)
        return [round(self.text_width_cm / columns, 2)] * columns

    @staticmethod
    def _cell_text(cell, text: str, size: float, align, *, bold: bool = False) -> None:
        lines = ox.clean(str(text)).split("\n")
        for i, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.alignment = align
            paragraph.paragraph_format.space_before = Pt(2)
            paragraph.paragraph_format.space_after = Pt(2)
            ox.mark_font(paragraph, size)
            ox.add_run(paragraph, line, size, bold=bold)

    def body(self) -> None:
        blocks = self.doc.body
        for block in blocks:
            self.block(block)
        # Keep the last two paragraphs of the body on the page of the signature.
        if blocks and not isinstance(blocks[-1], Table):
            for last in self.document.paragraphs[-2:]:
                last.paragraph_format.keep_with_next = True

    def closing(self) -> None:
        doc = self.doc
        before = self._paragraph(self.document)
        # The body's last lines, this spacer and the closing row hold together: the signature block
        # and "Nơi nhận" never start a page alone.
        before.paragraph_format.keep_with_next = True
        before.paragraph_format.space_after = Pt(0)
        ox.mark_font(before, 6)
        before.paragraph_format.line_spacing = Pt(6)
        table = self._borderless(1, [CLOSING_LEFT_CM, CLOSING_RIGHT_CM])
        ox.keep_row_together(table.rows[0])
        recipients = _CellFlow(table.cell(0, 0))
        if doc.recipients:
            label = WD_ALIGN_PARAGRAPH.LEFT
            self._line(recipients, "Nơi nhận:", RECIPIENTS_LABEL_SIZE, bold=True, italic=True, align=label)
            for line in _listed(doc.recipients):
                self._line(recipients, line, RECIPIENTS_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)
        else:
            recipients.add_paragraph()
        signature = _CellFlow(table.cell(0, 1))
        for line in doc.signature.lines:
            self._line(signature, line, SIGNATURE_SIZE, bold=True)
        for _index in range(SIGNING_SPACE_LINES):
            ox.mark_font(self._paragraph(signature), SIGNATURE_SIZE)
        self._line(signature, doc.signature.name.strip(), SIGNATURE_SIZE, bold=True)

    def appendices(self) -> None:
        landscape = False
        for appendix in self.doc.appendices:
            new_section = appendix.landscape != landscape
            if new_section:
                section = self.document.add_section(WD_SECTION.NEW_PAGE)
                self._page(section, landscape=appendix.landscape)
                section.different_first_page_header_footer = False
                landscape = appendix.landscape
            title = self._line(self.document, appendix.title.strip(), APPENDIX_TITLE_SIZE, bold=True)
            if not new_section:
                title.paragraph_format.page_break_before = True
            heading = [title]
            subtitle = appendix.subtitle.strip()
            if subtitle:
                heading.append(self._line(self.document, subtitle, APPENDIX_TITLE_SIZE, bold=True))
            note = appendix.note.strip()
            if note:
                if not note.startswith("("):
                    note = f"({note})"
                heading.append(self._line(self.document, note, APPENDIX_TITLE_SIZE, italic=True))
            width = self.text_width_cm
            rule = self._short_rule(
                self.document,
                subtitle or title.text,
                APPENDIX_TITLE_SIZE,
                width,
                SUBJECT_RULE_RATIO,
                after=12,
            )
            for paragraph in [*heading, rule]:
                paragraph.paragraph_format.keep_with_next = True
            self.space_next = True
            for block in appendix.blocks:
                self.block(block)

    def properties(self) -> None:
        now = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
        properties = self.document.core_properties
        properties.title = ox.clean(self.doc.subject.strip())[:255]
        properties.subject = ox.clean((self.doc.kind_title or "Công văn").strip())
        properties.author = ox.clean(self.doc.issuer.name.strip())
        properties.last_modified_by = properties.author
        properties.language = ox.LANGUAGE
        properties.comments = ""
        properties.keywords = ""
        properties.category = ""
        properties.identifier = document_number(self.doc).removeprefix("Số:").strip()
        properties.revision = 1
        properties.created = now
        properties.modified = now

    def render(self) -> bytes:
        self.setup()
        self.header()
        self.title()
        self.addressees()
        self.body()
        self.closing()
        self.appendices()
        self.properties()
        ox.drop_thumbnail(self.document)
        # python-docx's template starts with one empty paragraph before our first table: drop it.
        first = self.document.element.body[0]
        if first.tag.endswith("}p") and not "".join(first.itertext()).strip():
            first.getparent().remove(first)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as a Word .docx file in the layout of Nghị định 30/2020/NĐ-CP."""
    if not doc.subject.strip():
        raise ValueError("An official document needs a subject (trích yếu).")
    if not doc.is_congvan and not (doc.kind_title or "").strip():
        raise ValueError("kind_title is empty: use None for a công văn.")
    return _Writer(doc).render()
