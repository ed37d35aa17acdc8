"""Running the programs the reader borrows (LibreOffice, Tesseract): found on PATH, given a
temporary directory of their own, a time limit, and killed with their children when it passes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

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
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_bounded(
    command: list[str], timeout: int, cwd: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in its own process group; past ``timeout`` seconds the group is killed."""
    process = subprocess.Popen(  # noqa: S603 - a fixed program and our own temporary paths
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PlanParseError(TIMEOUT_MESSAGE.format(seconds=timeout), "timeout") from error
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def doc_to_docx(data: bytes, *, timeout: int = CONVERT_TIMEOUT_SECONDS) -> bytes:
    """A Word 97–2003 file converted to .docx by LibreOffice headless, in a temporary directory
    removed afterwards (with LibreOffice's own profile, so runs never share or lock one)."""
    if not data.startswith(OLE2_MAGIC):
        raise PlanParseError(NOT_DOC_MESSAGE, "corrupt_doc")
    program = soffice()
    if program is None:
        raise PlanParseError(NO_LIBREOFFICE_MESSAGE, "no_converter")
    with tempfile.TemporaryDirectory(prefix="binhdang-doc-") as folder:
        source = Path(folder) / "ke-hoach.doc"
        source.write_bytes(data)
        run_bounded(
            [
                program,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                f"{folder}/out",
                str(source),
            ],
            timeout,
            cwd=folder,
        )
        result = Path(folder) / "out" / "ke-hoach.docx"
        if not result.is_file() or result.stat().st_size == 0:
            raise PlanParseError(DOC_UNREADABLE_MESSAGE, "corrupt_doc")
        return result.read_bytes()
