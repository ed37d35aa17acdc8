"""PDF from a .docx through LibreOffice headless, with a time limit.

LibreOffice is optional: without it `render_pdf` logs how to install it and returns None, and the
caller offers the Word file instead.
"""

from __future__ import annotations

import logging
import time

from django.utils.translation import gettext as _

from binhdang.lib import office
from binhdang.lib.office import TooSlow, find_soffice

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 180  # seconds


class PdfConversionError(RuntimeError):
    """LibreOffice is installed but did not produce the PDF. str() is a message for the user."""


def find_libreoffice() -> str | None:
    """Path of `soffice` or `libreoffice` on PATH, or None."""
    return find_soffice()


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
    started = time.monotonic()
    try:
        converted = office.convert(executable, docx_bytes, ".docx", "pdf:writer_pdf_Export", timeout=timeout)
    except TooSlow:
        logger.error("LibreOffice did not finish converting to PDF within %s s; it was stopped.", timeout)
        message = _("Making the PDF took too long. Download the Word version instead.")
        raise PdfConversionError(message) from None
    elapsed = time.monotonic() - started
    run = converted.run
    if run.returncode != 0 or converted.data is None:
        logger.error(
            "LibreOffice failed to convert to PDF (exit %s after %.1f s): %s %s",
            run.returncode,
            elapsed,
            run.stdout.decode(errors="replace").strip(),
            run.stderr.decode(errors="replace").strip(),
        )
        raise PdfConversionError(_("The PDF could not be made. Download the Word version instead."))
    logger.info("LibreOffice converted a %d-byte document to PDF in %.1f s.", len(docx_bytes), elapsed)
    return converted.data
