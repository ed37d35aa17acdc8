"""The programs we borrow (LibreOffice headless, Tesseract), run the one way every caller needs:
in their own process group, with a time limit after which the whole group is killed, and
LibreOffice in a temporary directory with a profile of its own, so that parallel runs never share
or lock one. Plain Python: the plan reader (Django-free) and the documents both use it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class TooSlow(Exception):
    """The program ran past its time limit and was killed with its children."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after {seconds} s")
        self.seconds = seconds


def find_soffice() -> str | None:
    """Path of `soffice` or `libreoffice` on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_bounded(
    command: list[str], timeout: float, *, cwd: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in its own process group; past ``timeout`` seconds the group is killed and
    TooSlow raised (LibreOffice's launcher and soffice.bin share the group)."""
    process = subprocess.Popen(  # noqa: S603 - a fixed program on files we wrote ourselves
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise TooSlow(timeout) from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@dataclass
class Converted:
    data: bytes | None  # None: LibreOffice wrote nothing (or an empty file)
    run: subprocess.CompletedProcess[bytes]


def convert(program: str, data: bytes, suffix: str, target: str, *, timeout: float) -> Converted:
    """``data`` (a file ending in ``suffix``, ".docx") converted by LibreOffice headless to
    ``target`` ("pdf:writer_pdf_Export", "docx:MS Word 2007 XML"); raises TooSlow."""
    with tempfile.TemporaryDirectory(prefix="binhdang-office-") as work:
        folder = Path(work)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        output = folder / "out"
        output.mkdir()
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--nolockcheck",
            "--nologo",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(output),
            str(source),
        ]
        environment = {**os.environ, "HOME": work, "TMPDIR": work}
        run = run_bounded(command, timeout, cwd=work, env=environment)
        result = output / f"document.{target.split(':', 1)[0]}"
        written = result.read_bytes() if result.is_file() else b""
        return Converted(written or None, run)
