"""Benchmark: saving one full report form, and importing one report's Excel file.

Run: `make bench` (or `.venv/bin/python bench/bench_forms.py [--runs N]`). Uses a fresh SQLite
database in a temporary directory unless DATABASE_URL is set: then that PostgreSQL database is
emptied first, so its name must contain "bench" (e.g. binhdang_bench). Prints JSON and, with --write, updates
docs/performance.md. Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    tmp = tempfile.mkdtemp(prefix="binhdang-bench-")
    os.environ.setdefault("BINHDANG_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":  # each benchmark starts from an empty scratch database
        name = connection.settings_dict["NAME"]
        if "bench" not in name:
            raise SystemExit(
                f"DATABASE_URL names the database {name!r}: the benchmarks empty the database they "
                "run on, so point it at a scratch one whose name contains 'bench' (e.g. binhdang_bench)."
            )
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def timed(function, runs: int, before=None) -> dict[str, float]:  # noqa: ANN001
    """Median, min and max of `runs` calls; `before()` (not timed) runs ahead of each call."""
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    setup()
    results = measure(args.runs)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.write:
        write_markdown(results)


def measure(runs: int) -> dict:
    """Times the operations on the current database (a test database in the smoke test)."""
    from django.db import connection

    from binhdang.demo.personas import create_personas
    from binhdang.orgunits.loader import load_register
    from binhdang.orgunits.models import OrgUnit
    from binhdang.reporting.importing import export_report, import_report
    from binhdang.reporting.loader import load_dimensions, load_template
    from binhdang.reporting.models import ReportTemplate
    from binhdang.reporting.queries import build_form_spec
    from binhdang.reporting.services import CellChange, do_create_period, do_save_cells

    if not OrgUnit.objects.filter(code="19").exists():
        load_register(province_codes={"19", "01"})
    users = create_personas()
    load_dimensions()
    load_template()
    period = do_create_period(
        template=ReportTemplate.objects.get(code="BDG-NAM"),
        code="2026",
        name="2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
    )
    reporter = users["reporter_a"]
    unit = reporter.memberships.get().unit
    spec = build_form_spec(period, unit)
    cells = []
    for section in spec.sections:
        for element in section.elements:
            keys = [k for k in element.keys() if k[2] == "" or int(k[2]) <= 30]  # the 30 largest groups
            for key in keys[1:] or keys:  # the parts (or the single cell)
                if element.value_type == "text":
                    cells.append((element.code, key, "Ghi chú"))
                elif element.value_type == "boolean":
                    cells.append((element.code, key, "Có"))
                else:
                    cells.append((element.code, key, "1"))
    cells = cells[:150]
    round_number = iter(range(1, 10_000))

    def save_full_form() -> None:
        value = str(next(round_number) % 50 + 1)
        changes = [
            CellChange(code, key, raw if raw in ("Ghi chú", "Có") else value, None, None)
            for code, key, raw in cells
        ]
        result = do_save_cells(period, unit, changes, acting_user=reporter)
        assert not result.problems, result.problems[:3]

    save_full_form()
    workbook = export_report(period, unit)

    def import_xlsx() -> None:
        # Read the whole workbook and compare every cell with the report (what an upload's preview
        # does); the form was saved again since the export, so its cells come back as changed online
        # and, without "keep mine", nothing is written.
        result = import_report(period, unit, workbook, acting_user=reporter, source="bench.xlsx")
        assert not result.errors and result.plan.conflicts, result.errors[:3]

    results = {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "cells_in_form": len(cells),
        "xlsx_bytes": len(workbook),
        "save_full_form": timed(save_full_form, runs),
        "import_report_xlsx": timed(import_xlsx, runs),
        "export_report_xlsx": timed(lambda: export_report(period, unit), runs),
    }
    return results


def write_markdown(results: dict) -> None:
    intro = f"{results['cells_in_form']} cells in the form, workbook {results['xlsx_bytes']:,} bytes."
    write_block("bench_forms", "Report forms", intro, results)


def write_block(name: str, title: str, intro: str, results: dict) -> None:
    """Put (or replace) this benchmark's table for this database in docs/performance.md."""
    vendor = results["database"]
    rows = [
        f"| {key.replace('_', ' ')} | {r['median_ms']} ms | {r['min_ms']} ms | {r['max_ms']} ms "
        f"| {r['runs']} |"
        for key, r in results.items()
        if isinstance(r, dict)
    ]
    lines = [
        f"Measured {results['date']} on {results['machine']}, database {vendor}: {intro}",
        "",
        "| operation | median | min | max | runs |",
        "|---|---|---|---|---|",
        *rows,
    ]
    put_block(f"{name}:{vendor}", f"{title} on {vendor} (bench/{name}.py)", lines)
    write_json(name, results)


def put_block(marker: str, title: str, lines: list[str]) -> None:
    """Replace the block between this marker's comments in docs/performance.md, or append it under
    the title."""
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    block = "\n".join([start, *lines, end])
    if start in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + f"\n\n### {title}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def write_json(name: str, results: dict) -> None:
    """The same figures for machines: docs/performance.json, {benchmark: {database: results}}."""
    path = ROOT / "docs" / "performance.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.setdefault(name, {})[results["database"]] = results
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
