"""PDF from a .docx through LibreOffice headless, with a time limit.

LibreOffice is optional: without it `render_pdf` logs how to install it and returns None, and the
caller offers the Word file instead.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 180  # seconds


class PdfConversionError(RuntimeError):
    """LibreOffice is installed but did not produce the PDF. str() is a message for the user."""


def find_libreoffice() -> str | None:
    """Path of `soffice` or `libreoffice` on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(docx_bytes: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes | None:
    """Convert a .docx to PDF with LibreOffice headless; None when LibreOffice is not installed.

    Each call runs in its own temporary directory with its own LibreOffice profile
    (-env:UserInstallation), so conversions in parallel workers do not clash. A run that exceeds
    `timeout` seconds is killed with its whole process group and raises PdfConversionError.
    """
    executable = find_libreoffice()
    if executable is None:
        logger.warning(
            "LibreOffice is not installed (no soffice or libreoffice on PATH): no PDF was made. "
            "Install it with: apt-get install libreoffice-writer-nogui fonts-liberation2"
        )
        return None
    with tempfile.TemporaryDirectory(prefix="binhdang-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx_bytes)
        output = folder / "out"
        output.mkdir()
        command = [
            executable,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--nolockcheck",
            "--nologo",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(output),
            str(source),
        ]
        environment = {**os.environ, "HOME": work, "TMPDIR": work}
        started = time.monotonic()
        process = subprocess.Popen(  # noqa: S603 - a fixed command on a file we wrote ourselves
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=work,
            env=environment,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the launcher and soffice.bin share the group
            process.communicate()
            logger.error("LibreOffice did not finish converting to PDF within %s s; it was stopped.", timeout)
            message = _("Making the PDF took too long. Download the Word version instead.")
            raise PdfConversionError(message) from None
        elapsed = time.monotonic() - started
        target = output / "document.pdf"
        if process.returncode != 0 or not target.is_file():
            logger.error(
                "LibreOffice failed to convert to PDF (exit %s after %.1f s): %s %s",
                process.returncode,
                elapsed,
                stdout.decode(errors="replace").strip(),
                stderr.decode(errors="replace").strip(),
            )
            raise PdfConversionError(_("The PDF could not be made. Download the Word version instead."))
        data = target.read_bytes()
        logger.info("LibreOffice converted a %d-byte document to PDF in %.1f s.", len(docx_bytes), elapsed)
        return data
