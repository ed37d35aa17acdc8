"""Benchmark: the GBV register of a province with 10,000 cases — the case list, counting the consented,
de-duplicated cases and computing the province's suppressed tables (with the linear-programming audit).

Run: `.venv/bin/python bench/bench_gbv.py [--cases N] [--runs N] [--write]`. A fresh SQLite database in
a temporary directory unless DATABASE_URL points at a scratch one (its name must contain 'bench').
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_forms import cpu_model, setup, timed, write_block  # noqa: E402

TYPES = ["physical_assault", "psychological", "denial_of_resources", "sexual_assault", "rape",
         "forced_marriage"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    setup()
    import time

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from binhdang.accounts.models import Membership, User
    from binhdang.gbv.crypto import search_hash
    from binhdang.gbv.exports import stats_docx
    from binhdang.gbv.models import Case, Consent, Incident, ServiceRecord
    from binhdang.gbv.stats import counted_cases, statistics
    from binhdang.orgunits.loader import load_register
    from binhdang.orgunits.models import OrgUnit
    from binhdang.reporting.models import ReportingPeriod, ReportTemplate

    load_register(province_codes={"19"})
    province = OrgUnit.objects.get(code="19")
    communes = list(OrgUnit.objects.within(province).filter(kind__in=["commune", "ward"]))
    worker = User.objects.create_user("bench.hotro", password="x")  # noqa: S106
    Membership.objects.create(user=worker, unit=province, role="gbv_worker")
    rng = random.Random(16)
    start = time.perf_counter()
    now = timezone.now()
    cases = []
    weights = [rng.paretovariate(1.2) for _ in communes]  # a few communes register most cases
    for n in range(args.cases):
        unit = rng.choices(communes, weights)[0]
        person = n - 1 if n % 10 == 9 else n  # every tenth case: the survivor registered again
        home = cases[-1].home_commune if person != n else unit
        name, year = f"Người thử {person}", 1960 + person % 50
        cases.append(Case(
            code=f"BL-B{n:07d}", unit=unit, home_commune=home, worker=worker,
            registered_on=datetime.date(2026, rng.randint(1, 11), rng.randint(1, 28)),
            full_name=name, phone=f"09{n:08d}", address=f"Xóm {n}, {unit.name}", id_number=f"019{n:09d}",
            birth_year=str(year), search_hash=search_hash(name, year, home.code),
            sex=rng.choice("FFFFM"), age_band=rng.choice(["LT16", "16_59", "16_59", "GE60"]),
        ))  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=1000)
    cases = list(Case.objects.order_by("pk"))
    Incident.objects.bulk_create([
        Incident(case=c, occurred_on=c.registered_on, commune=c.unit, violence_type=rng.choice(TYPES),
                 setting="family", perpetrator_relation="partner")
        for c in cases
    ], batch_size=1000)  # fmt: skip
    Consent.objects.bulk_create([
        Consent(case=c, purpose="statistics", decision="given" if rng.random() < 0.9 else "refused",
                legal_basis="consent", text_shown="…", recorded_at=now)
        for c in cases
    ], batch_size=1000)  # fmt: skip
    ServiceRecord.objects.bulk_create([
        ServiceRecord(case=c, service_type=s, started_on=c.registered_on)
        for c in cases
        for s in rng.sample(["HEALTH", "COUNSEL", "LEGAL", "POLICE", "SHELTER"], rng.randint(0, 2))
    ], batch_size=1000)  # fmt: skip
    generated = time.perf_counter() - start

    template = ReportTemplate.objects.create(code="BENCH", name="Bench")
    ReportingPeriod.objects.create(
        template=template,
        code="2026",
        name="2026",
        covers_from=datetime.date(2025, 12, 15),
        covers_to=datetime.date(2026, 12, 14),
        due_date=datetime.date(2026, 12, 15),
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(worker)
    date_from, date_to = datetime.date(2025, 12, 15), datetime.date(2026, 12, 14)
    counted = counted_cases(province, date_from, date_to)
    stats = statistics(province, date_from, date_to, counted=counted)
    hidden = sum(1 for t in stats.tables for c in t.cells.values() if c.suppressed)
    results = {
        "database": connection.vendor,
        "date": datetime.date.today().isoformat(),  # noqa: DTZ011
        "machine": f"{cpu_model()}, Python {platform.python_version()}",
        "cases": args.cases,
        "counted": len(counted),
        "suppressed_cells": hidden,
        "case_list_page": timed(lambda: client.get("/gbv/cases/"), args.runs),
        "case_list_page_100": timed(lambda: client.get("/gbv/cases/?page=100"), args.runs),
        "count_consented_deduplicated": timed(lambda: counted_cases(province, date_from, date_to), args.runs),
        "suppressed_tables": timed(
            lambda: statistics(province, date_from, date_to, counted=counted), args.runs
        ),
        "statistics_page": timed(lambda: client.get("/gbv/statistics/?unit=19"), args.runs),
        "statistics_docx": timed(lambda: stats_docx(stats), args.runs),
    }
    if os.environ.get("GBV_BENCH_QUERIES"):  # what the list page asks the database, once
        with CaptureQueriesContext(connection) as queries:
            client.get("/gbv/cases/?page=100")
        for query in queries.captured_queries:
            print(query["time"], query["sql"][:300])
    print(f"generated {args.cases} cases in {generated:.1f} s; counted {len(counted)}; {hidden} cells hidden")
    for key, value in results.items():
        print(key, value)
    if args.write:
        write_block(
            "bench_gbv",
            "The GBV register",
            f"a province (Thái Nguyên, {len(communes)} communes and wards) with {args.cases:,} cases, "
            f"{len(counted):,} of them counted (consented, one per survivor); {hidden} cells suppressed in "
            "the province's tables. The list page shows 50 cases and writes their 50 access-log rows.",
            results,
        )


if __name__ == "__main__":
    main()
