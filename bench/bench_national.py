"""Benchmark: national scale. On a synthetic country grown from 1 to 10 to 34 provinces, times the
consolidation of one province and of the whole country (against DuckDB over the same values in
Parquet, the practical floor) — as read again with nothing changed, after one report changed, and
with an empty cache — national completeness, the dashboard page of a province and of the
country, and the province's DOCX report.

    .venv/bin/python bench/bench_national.py [--steps 1,10,34] [--runs 5] [--write]

SQLite in a temporary directory unless DATABASE_URL points at a scratch database (written to).
`measure()` is also run, at one province and one run, by the smoke test in `make test`.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_forms import cpu_model, put_block, setup, timed, write_block, write_json  # noqa: E402

from binhdang.indicators.choices import DIMENSIONS as DIMS  # noqa: E402 (choices: no model, no setup)
from binhdang.lib.totals import unit_total_sql  # noqa: E402 (the one unit-total rule; imports no app)

PROVINCE = "19"  # Thái Nguyên, the province of the sample plan
OPERATIONS = (
    "consolidate_province",
    "consolidate_country",
    "consolidate_country_one_changed",
    "consolidate_country_cold",
    "duckdb_country_parquet",
    "completeness_country",
    "dashboard_province",
    "dashboard_country",
    "docx_province",
)

FLOOR_SQL = """
WITH cells AS (SELECT * FROM read_parquet('{path}')),
unit_totals AS (
    SELECT element_id, unit_id, kind, {unit_total} AS total
    FROM cells GROUP BY element_id, unit_id, kind
)
SELECT 'total' AS what, element_id, '' AS option, SUM(total) FROM unit_totals GROUP BY element_id
UNION ALL SELECT 'kind', element_id, kind, SUM(total) FROM unit_totals GROUP BY element_id, kind
UNION ALL SELECT 'sex', element_id, sex, SUM(value) FROM cells WHERE sex <> '' GROUP BY element_id, sex
UNION ALL SELECT 'age_band', element_id, age_band, SUM(value) FROM cells WHERE age_band <> ''
          GROUP BY element_id, age_band
UNION ALL SELECT 'ethnicity', element_id, ethnicity, SUM(value) FROM cells WHERE ethnicity <> ''
          GROUP BY element_id, ethnicity
UNION ALL SELECT 'funding_source', element_id, funding_source, SUM(value) FROM cells
          WHERE funding_source <> '' GROUP BY element_id, funding_source
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="1,10,34", help="numbers of provinces, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--history", type=int, default=0, help="then fill this many years and time 2026 again (0: skip)"
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    setup()
    results = measure([int(step) for step in args.steps.split(",")], args.runs, history=args.history)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if args.write:
        write_markdown(results)


def measure(steps: list[int], runs: int, history: int = 0) -> dict:
    """Grow the synthetic country step by step (Thái Nguyên first) and time every operation at
    each step, on the current database; with `history`, fill that many years of reports and time
    this year's consolidation again (does a larger value table slow one period down?)."""
    import duckdb
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from binhdang.accounts.choices import Role
    from binhdang.accounts.models import Membership, User
    from binhdang.orgunits.models import OrgUnit
    from binhdang.reporting.models import DataValue, ReportingPeriod
    from binhdang.synthetic.generator import generate_synthetic, resolve_provinces

    try:
        setup_test_environment()  # the test client's host; e-mail to memory
    except RuntimeError:  # already set up: inside the test suite
        pass
    tmp = Path(tempfile.mkdtemp(prefix="binhdang-national-"))
    done: set[str] = set()
    scale = []
    client = None
    for step in sorted(set(steps)):
        started = time.perf_counter()
        new = [code for code in resolve_provinces(step) if code not in done]
        if new:
            generate_synthetic(provinces=new, years=1, seed=2026)
            done.update(new)
        generation_seconds = time.perf_counter() - started
        period = ReportingPeriod.objects.select_related("template", "plan").get(code="2026")
        country, province = OrgUnit.objects.get(code="VN"), OrgUnit.objects.get(code=PROVINCE)
        if client is None:
            client = _viewer_client(Client, User, Membership, Role, country)
        floor_sql, count = _parquet(duckdb, DataValue, period, tmp / f"values-{step}")
        row = {"provinces": len(done), "values": count, "generation_seconds": round(generation_seconds, 1)}
        row |= _time_step(period, country, province, client, duckdb.connect(), floor_sql, runs)
        row["ratio_to_duckdb"] = round(
            row["consolidate_country"]["median_ms"] / max(row["duckdb_country_parquet"]["median_ms"], 0.1), 1
        )
        scale.append(row)
        print(f"{len(done)} provinces, {count:,} values: {row['consolidate_country']}", flush=True)
    last = scale[-1]
    history_row = _history(period, country, province, sorted(done), history, runs) if history > 1 else None
    return {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "provinces": last["provinces"],
        "values": last["values"],
        "generation_seconds": round(sum(row["generation_seconds"] for row in scale), 1),
        "ratio_to_duckdb": last["ratio_to_duckdb"],
        **{name: last[name] for name in OPERATIONS},
        "scale": scale,
        "history": history_row,
    }


def _history(period, country, province, codes: list[str], years: int, runs: int) -> dict:  # noqa: ANN001
    from django.core.cache import cache

    from binhdang.analytics.engine import consolidate
    from binhdang.reporting.models import DataValue
    from binhdang.synthetic.generator import generate_synthetic

    started = time.perf_counter()
    generate_synthetic(provinces=codes, years=years, seed=2026, replace=True)
    return {
        "years": years,
        "values_in_table": DataValue.objects.count(),
        "generation_seconds": round(time.perf_counter() - started, 1),
        "consolidate_province": timed(lambda: consolidate(period, province), runs),
        "consolidate_country": timed(lambda: consolidate(period, country), runs),
        "consolidate_country_cold": timed(lambda: consolidate(period, country), runs, before=cache.clear),
    }


def _time_step(period, country, province, client, duck, floor_sql: str, runs: int) -> dict:  # noqa: ANN001
    from django.core.cache import cache
    from django.db.models import F
    from django.urls import reverse

    from binhdang.analytics.engine import consolidate
    from binhdang.documents.provincial_report import render_report_docx
    from binhdang.reporting.completeness import completeness
    from binhdang.reporting.models import Submission

    url = reverse("analytics:dashboard", args=[period.pk])
    one_report = Submission.objects.filter(period=period, unit__path__startswith="VN/19/", status="accepted")

    def correct_one_report() -> None:
        """As a report returned, corrected and accepted again does: its province's sums change."""
        one_report.filter(pk=one_report.order_by("pk").values("pk")[:1]).update(version=F("version") + 1)

    def page(code: str) -> None:
        response = client.get(url, {"unit": code})
        assert response.status_code == 200, response.status_code

    return {
        "consolidate_province": timed(lambda: consolidate(period, province), runs),
        "consolidate_country": timed(lambda: consolidate(period, country), runs),  # nothing changed
        "consolidate_country_one_changed": timed(
            lambda: consolidate(period, country), runs, before=correct_one_report
        ),
        "consolidate_country_cold": timed(lambda: consolidate(period, country), runs, before=cache.clear),
        "duckdb_country_parquet": timed(lambda: duck.execute(floor_sql).fetchall(), runs),
        "completeness_country": timed(lambda: completeness(period, country, with_rows=False), runs),
        "dashboard_province": timed(lambda: page(PROVINCE), runs),
        "dashboard_country": timed(lambda: page("VN"), runs),
        "docx_province": timed(lambda: render_report_docx(consolidate(period, province)), runs),
    }


def _viewer_client(client_class, user_class, membership_class, role_class, country):  # noqa: ANN001, ANN202
    """A Ministry reader: a viewer whose membership covers the whole country."""
    user, _ = user_class.objects.get_or_create(username="bench.bo", defaults={"full_name": "Bộ Nội vụ"})
    membership_class.objects.get_or_create(user=user, unit=country, role=role_class.VIEWER)
    client = client_class()
    client.force_login(user)
    return client


def _parquet(duckdb, value_model, period, stem: Path) -> tuple[str, int]:  # noqa: ANN001
    """The accepted values, with each unit's kind, exported to Parquet: the floor's input."""
    csv_path, parquet = stem.with_suffix(".csv"), stem.with_suffix(".parquet")
    rows = value_model.objects.filter(period=period, submission__status="accepted").values_list(
        "element_id", "unit_id", "unit__kind", *DIMS, "value"
    )
    count = 0
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["element_id", "unit_id", "kind", *DIMS, "value"])
        for row in rows.iterator(chunk_size=20000):
            writer.writerow(row)
            count += 1
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_csv('{csv_path}', header=true, all_varchar=false, "  # noqa: S608 (own temp files)
        "types={'sex': 'VARCHAR', 'age_band': 'VARCHAR', 'ethnicity': 'VARCHAR', 'area': 'VARCHAR', "
        f"'funding_source': 'VARCHAR', 'value': 'DECIMAL(20,4)'}}))  TO '{parquet}' (FORMAT parquet)"
    )
    sql = FLOOR_SQL.replace("{path}", str(parquet)).replace("{unit_total}", unit_total_sql("cells", DIMS))
    return sql, count


def write_markdown(results: dict) -> None:
    intro = (
        f"{results['provinces']} provinces, {results['values']:,} accepted values (generated in "
        f"{results['generation_seconds']} s); our national consolidation takes "
        f"{results['ratio_to_duckdb']}× DuckDB's time over the same values in Parquet."
    )
    flat = {key: value for key, value in results.items() if key not in ("scale", "history")}
    write_block("bench_national", "National scale", intro, flat)
    write_scaling(results)
    write_json("bench_national", results)


def write_scaling(results: dict) -> None:
    """How each operation grows with the number of provinces (medians), for this database."""
    vendor = results["database"]
    scale = results["scale"]
    header = "| operation | " + " | ".join(f"{row['provinces']} provinces" for row in scale) + " |"
    lines = [
        f"Medians in ms, measured {results['date']} on {results['machine']}, database {vendor}.",
        "",
        header,
        "|---|" + "---|" * len(scale),
        "| accepted values | " + " | ".join(f"{row['values']:,}" for row in scale) + " |",
        *(
            f"| {name.replace('_', ' ')} | " + " | ".join(str(row[name]["median_ms"]) for row in scale) + " |"
            for name in OPERATIONS
        ),
        "| ratio to DuckDB | " + " | ".join(f"{row['ratio_to_duckdb']}×" for row in scale) + " |",
    ]
    history = results.get("history")
    if history:
        lines += [
            "",
            f"With {history['years']} years of reports in the value table ({history['values_in_table']:,} "
            f"values, generated in {history['generation_seconds']} s), this year's figures again: "
            + ", ".join(
                f"{name.replace('_', ' ')} {history[name]['median_ms']} ms"
                for name in ("consolidate_province", "consolidate_country", "consolidate_country_cold")
            )
            + ".",
        ]
    title = f"Growth with the number of provinces on {vendor} (bench/bench_national.py)"
    put_block(f"bench_scaling:{vendor}", title, lines)


if __name__ == "__main__":
    main()
