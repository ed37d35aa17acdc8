"""The deadline-surge load test: gunicorn (4 workers) on PostgreSQL, locust against 127.0.0.1 only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/binhdang_load .venv/bin/python bench/load/run.py \
        [--users 50] [--seconds 60] [--write]

Creates the scratch database's schema and the demo, one reporter account per Thái Nguyên commune,
starts gunicorn, runs locust headless for a bounded time, stops everything, and reports
throughput, median and 95th-percentile latency and errors per request (and in docs/performance.md
with --write). Never point it at a database you care about: it writes to it.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from bench_forms import put_block, write_json  # noqa: E402

PY = sys.executable
PASSWORD = "Load-test-2026"
PORT = 8099


def manage(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


SETUP = """
from binhdang.accounts.models import Membership, User
from binhdang.accounts.choices import Role
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod, Submission
period = ReportingPeriod.objects.get(code="2026")
Submission.objects.filter(period=period, unit__code__in=[u.code for u in OrgUnit.objects.filter(
    parent__code="19", kind__in=["commune", "ward"])]).delete()
codes = []
for unit in OrgUnit.objects.filter(parent__code="19", kind__in=["commune", "ward"]).order_by("code"):
    user, made = User.objects.get_or_create(username=f"load.{unit.code}", defaults={"full_name": unit.name})
    user.set_password("PASSWORD")
    user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.REPORTER)
    codes.append(unit.code)
coordinator = User.objects.get(username="snv.dieuphoi")
coordinator.set_password("PASSWORD")
coordinator.save()
print(period.pk, ",".join(codes))
""".replace("PASSWORD", PASSWORD)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (it is written to).")
    tmp = tempfile.mkdtemp(prefix="binhdang-load-")
    env = dict(
        os.environ,
        BINHDANG_VAR_DIR=tmp,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        AXES_FAILURE_LIMIT="1000",
        LOG_LEVEL="ERROR",
        DB_CONN_MAX_AGE="60",
    )
    manage("migrate", "-v0", env=env)
    manage("load_units", "-v0", "--province", "19", "--province", "01", env=env)
    manage("load_demo", env=env)
    period, communes = manage("shell", "-v0", "-c", SETUP, env=env).split()
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "binhdang.config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        prefix = Path(tmp) / "locust"
        subprocess.run(
            [
                str(Path(PY).parent / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 10)),
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=ROOT,
            env=dict(env, LOAD_PASSWORD=PASSWORD, LOAD_COMMUNES=communes, LOAD_PERIOD=period),
            check=False,
            timeout=args.seconds + 120,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    for row in rows:
        print(
            f"{row['Name']:<20} {row['Request Count']:>6} req  {row['Failure Count']:>4} errors  "
            f"median {row['Median Response Time']} ms  p95 {row['95%']} ms  {float(row['Requests/s']):.1f}/s"
        )
    if args.write:
        write(rows, args)


def write(rows: list[dict], args: argparse.Namespace) -> None:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    lines = [
        f"Measured {datetime.datetime.now(datetime.UTC).date()} on {cpu}, {os.cpu_count()} cores: gunicorn "
        f"{args.workers} workers on PostgreSQL, {args.users} virtual users "
        f"(9 commune reporters : 1 coordinator) for {args.seconds} s against 127.0.0.1, "
        "locust on the same machine.",
        "",
        "| request | requests | errors | median | 95th percentile | per second |",
        "|---|---|---|---|---|---|",
        *[
            f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {r['Median Response Time']} ms "
            f"| {r['95%']} ms | {float(r['Requests/s']):.1f} |"
            for r in rows
        ],
    ]
    put_block("load", "Deadline surge (bench/load/run.py)", lines)
    write_json(
        "load",
        {
            "database": "postgresql",
            "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
            "machine": f"{cpu}, {os.cpu_count()} cores",
            "workers": args.workers,
            "users": args.users,
            "seconds": args.seconds,
            "requests": rows,
        },
    )


if __name__ == "__main__":
    main()
