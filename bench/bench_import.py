"""Benchmark: reading and parsing the seed-sized plan in every format an office holds it in.

Run: `make bench` (or `.venv/bin/python bench/bench_import.py [--runs N] [--write]`). The documents
are built as the tests build them (binhdang/plans/tests/documents.py): the seed typed in Word with
automatic numbering and a two-column header, saved as .doc and printed to PDF by LibreOffice, and
that PDF scanned at 300 dpi for OCR. Times `read_upload` + `parse_plan` (no database): the .doc
time includes LibreOffice's conversion, the OCR time is per page. Not a test: nothing here
asserts a speed. Needs LibreOffice, poppler's pdftoppm and Tesseract (tesseract-ocr-vie); a
format whose program is missing is skipped.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_forms import cpu_model, put_block  # noqa: E402

from binhdang.plans.importer.documents import read_upload  # noqa: E402
from binhdang.plans.importer.ocr import tesseract  # noqa: E402
from binhdang.plans.importer.parser import parse_plan  # noqa: E402
from binhdang.plans.tests.documents import HEADER, convert, scanned_pdf, soffice, word_plan  # noqa: E402

SEED = ROOT / "binhdang" / "plans" / "importer" / "samples" / "kh_thai_nguyen_2026.txt"


def timed(function, runs: int) -> dict[str, float]:  # noqa: ANN001
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "runs": runs,
    }


def measure(runs: int, ocr_runs: int = 1, *, ocr: bool = True) -> dict:
    text = SEED.read_text(encoding="utf-8")
    documents: dict[str, tuple[bytes, str]] = {"text": (text.encode(), "ke-hoach.txt")}
    docx = word_plan(text, HEADER["province"])
    documents["docx"] = (docx, "ke-hoach.docx")
    pdf = None
    if soffice():
        documents["doc"] = (convert(docx, ".docx", "doc"), "ke-hoach.doc")
        pdf = convert(docx, ".docx", "pdf")
        documents["pdf"] = (pdf, "ke-hoach.pdf")
    results: dict = {
        "date": datetime.date.today().isoformat(),  # noqa: DTZ011
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": "none",
        "bytes": {name: len(data) for name, (data, _) in documents.items()},
    }
    tasks = None
    for name, (data, filename) in documents.items():
        plan = parse_plan(read_upload(data, filename).text)
        count = sum(len(s.tasks) for s in plan.sections) + sum(len(a.tasks) for a in plan.addressees)
        assert tasks in (None, count), (name, count, tasks)
        tasks = count
        results[name] = timed(
            lambda data=data, filename=filename: parse_plan(read_upload(data, filename).text), runs
        )
    if ocr and pdf is not None and tesseract():
        scan = scanned_pdf(pdf, 300)
        pages = len(pypdfium2.PdfDocument(scan))
        whole = timed(lambda: parse_plan(read_upload(scan, "ban-quet.pdf", ocr=True).text), ocr_runs)
        results["ocr_per_page"] = {key: round(value / pages, 1) if key != "runs" else value
                                   for key, value in whole.items()}  # fmt: skip
        results["ocr_pages"] = pages
    results["tasks"] = tasks
    return results


def write_markdown(results: dict) -> None:
    rows = [
        f"| {key.replace('_', ' ')} | {r['median_ms']:,} ms | {r['min_ms']:,} ms | {r['max_ms']:,} ms "
        f"| {r['runs']} |"
        for key, r in results.items()
        if isinstance(r, dict) and "median_ms" in r
    ]
    sizes = ", ".join(f"{name} {size:,} bytes" for name, size in results["bytes"].items())
    lines = [
        f"Measured {results['date']} on {results['machine']}: the seed plan ({results['tasks']} tasks; "
        f"{sizes}{', scan of ' + str(results['ocr_pages']) + ' pages' if 'ocr_pages' in results else ''}), "
        "read and parsed, no database. The .doc row includes LibreOffice's conversion to .docx; "
        "OCR is Tesseract 5 (vie) at 300 dpi, per page.",
        "",
        "| format | median | min | max | runs |",
        "|---|---|---|---|---|",
        *rows,
    ]
    put_block("bench_import", "Plan import per format (bench/bench_import.py)", lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    results = measure(args.runs)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.write:
        write_markdown(results)


if __name__ == "__main__":
    main()
