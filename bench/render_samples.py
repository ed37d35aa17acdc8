"""Page images of the consolidated report for docs/: Thái Nguyên (a province reporting on its own
plan) and the country (the Bộ Nội vụ's report), on synthetic data for two years.

    .venv/bin/python bench/render_samples.py [--out docs/images] [--dpi 50]

Works in a fresh temporary database (SQLite unless DATABASE_URL is set): nothing of yours is
touched. Needs LibreOffice (the PDF) and poppler's pdftoppm (the PNGs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ["19", "46"]  # Thái Nguyên, with its plan; Huế, a centrally-run city, for the country
SAMPLES = {"19": "report-province", "VN": "report-country"}
# The pages shown, each found by what it holds: (name, text on the page; None: the first page).
PAGES = (
    ("1-header", None),
    ("2-indicators", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"),
    ("3-assessment", "III. ĐÁNH GIÁ CHUNG"),
    ("4-signature", "Nơi nhận:"),
    ("5-annex", "SỐ LIỆU TỔNG HỢP THEO GIỚI TÍNH"),
)


def page_of(pdf: Path, text: str | None) -> int:
    """The first page of the PDF holding `text` (pdftotext), 1 for None."""
    if text is None:
        return 1
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    for number, page in enumerate(pages.stdout.decode("utf-8").split("\f"), start=1):
        if text in page:
            return number
    raise SystemExit(f"{pdf.name}: no page holds {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"))
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed.")
    tmp = tempfile.mkdtemp(prefix="binhdang-samples-")
    os.environ["BINHDANG_VAR_DIR"] = tmp
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/samples.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.config.settings")
    sys.path.insert(0, str(ROOT))
    import django  # optional: a standalone script configures Django before the models

    django.setup()
    from django.core.management import call_command  # optional: after setup
    from django.utils import translation  # optional: after setup

    from binhdang.analytics.engine import consolidate  # optional: after setup
    from binhdang.documents.provincial_report import render_report_pdf  # optional: after setup
    from binhdang.indicators.loader import load_indicators  # optional: after setup
    from binhdang.orgunits.models import OrgUnit  # optional: after setup
    from binhdang.reporting.models import ReportingPeriod  # optional: after setup
    from binhdang.synthetic.generator import generate_synthetic  # optional: after setup

    call_command("migrate", verbosity=0)
    generate_synthetic(provinces=PROVINCES, years=2)
    load_indicators()
    period = ReportingPeriod.objects.get(code="2026")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for code, name in SAMPLES.items():
        with translation.override("vi"):
            pdf = render_report_pdf(consolidate(period, OrgUnit.objects.get(code=code)))
        if pdf is None:
            raise SystemExit("LibreOffice is needed for the PDF.")
        path = Path(tmp) / f"{name}.pdf"
        path.write_bytes(pdf)
        for old in out.glob(f"{name}-*.png"):
            old.unlink()
        for label, text in PAGES:
            page = str(page_of(path, text))
            target = out / f"{name}-{label}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-singlefile",
                    "-r",
                    str(args.dpi),
                    "-f",
                    page,
                    "-l",
                    page,
                    path,
                    target,
                ],
                check=True,
            )
        print(f"{name}: {sorted(p.name for p in out.glob(f'{name}-*.png'))}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
