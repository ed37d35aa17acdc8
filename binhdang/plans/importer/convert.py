"""Running the programs the reader borrows (LibreOffice, Tesseract): found on PATH, given a
temporary directory of their own, a time limit, and killed with their children when it passes."""

from __future__ import annotations

import subprocess

from binhdang.lib import office
from binhdang.lib.office import TooSlow, find_soffice

from .errors import PlanParseError
from .limits import CONVERT_TIMEOUT_SECONDS

# The first bytes of a Word 97–2003 file (an OLE2 compound document).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NO_LIBREOFFICE_MESSAGE = (
    "Máy chủ chưa cài LibreOffice nên chưa đọc được tệp .doc (Word 97-2003). "
    "Vui lòng lưu tệp thành .docx trong Word rồi nhập lại, hoặc báo quản trị hệ thống cài LibreOffice."
)
NOT_DOC_MESSAGE = "Tệp .doc này không phải văn bản Word 97-2003 (hoặc đã bị hỏng)."
DOC_UNREADABLE_MESSAGE = "LibreOffice không mở được tệp .doc này: tệp bị hỏng hoặc không phải văn bản Word."
TIMEOUT_MESSAGE = "Chuyển đổi tệp mất quá {seconds} giây nên đã dừng; tệp có thể bị hỏng hoặc quá phức tạp."


def soffice() -> str | None:
    return find_soffice()


def run_bounded(
    command: list[str], timeout: int, cwd: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in its own process group; past ``timeout`` seconds the group is killed."""
    try:
        return office.run_bounded(command, timeout, cwd=cwd)
    except TooSlow as error:
        raise PlanParseError(TIMEOUT_MESSAGE.format(seconds=timeout), "timeout") from error


def doc_to_docx(data: bytes, *, timeout: int = CONVERT_TIMEOUT_SECONDS) -> bytes:
    """A Word 97–2003 file converted to .docx by LibreOffice headless (lib.office.convert)."""
    if not data.startswith(OLE2_MAGIC):
        raise PlanParseError(NOT_DOC_MESSAGE, "corrupt_doc")
    program = soffice()
    if program is None:
        raise PlanParseError(NO_LIBREOFFICE_MESSAGE, "no_converter")
    try:
        converted = office.convert(program, data, ".doc", "docx:MS Word 2007 XML", timeout=timeout)
    except TooSlow as error:
        raise PlanParseError(TIMEOUT_MESSAGE.format(seconds=timeout), "timeout") from error
    if converted.data is None:
        raise PlanParseError(DOC_UNREADABLE_MESSAGE, "corrupt_doc")
    return converted.data
