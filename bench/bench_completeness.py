"""Benchmark: completeness of one period for the whole country, and for one province.

Run: `make bench` (or `.venv/bin/python bench/bench_completeness.py [--runs N] [--write]`).
A fresh SQLite database in a temporary directory unless DATABASE_URL points at a scratch one.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_forms import cpu_model, setup, timed, write_block  # noqa: E402

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    setup()
    import os
    import platform

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from binhdang.orgunits.loader import load_register
    from binhdang.orgunits.models import OrgUnit
    from binhdang.reporting.completeness import completeness, expected_units
    from binhdang.reporting.loader import load_dimensions, load_template
    from binhdang.reporting.models import ReportTemplate, Submission
    from binhdang.reporting.services import do_create_period

    load_register()
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
    country = OrgUnit.objects.get(code="VN")
    units = list(expected_units(period, country))
    rng = random.Random(1)
    Submission.objects.bulk_create(
        [
            Submission(
                period=period,
                unit=unit,
                status=rng.choice(["submitted", "approved", "accepted", "returned"]),
                delivered_at=datetime.datetime(2026, 12, rng.randint(5, 18), 9, tzinfo=HCM),
            )
            for unit in rng.sample(units, len(units) * 4 // 5)
        ],
        batch_size=1000,
    )
    now = datetime.datetime(2026, 12, 19, 8, tzinfo=HCM)
    province = OrgUnit.objects.get(code="19")
    with CaptureQueriesContext(connection) as queries:
        completeness(period, country, now=now)
    results = {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "expected_reports_country": len(units),
        "queries": len(queries.captured_queries),
        "completeness_country": timed(lambda: completeness(period, country, now=now), args.runs),
        "completeness_province": timed(lambda: completeness(period, province, now=now), args.runs),
    }
    import json

    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.write:
        write_markdown(results)


def write_markdown(results: dict) -> None:
    intro = (
        f"{results['expected_reports_country']:,} expected reports in the country, "
        f"{results['queries']} SQL queries per call (pinned by a test)."
    )
    write_block("bench_completeness", "Completeness", intro, results)


if __name__ == "__main__":
    main()
