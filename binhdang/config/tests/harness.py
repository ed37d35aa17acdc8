"""The test harness every URL goes through (after NetBox's utilities/testing).

Adding a URL? Add its row to `URLS` below, keyed by its name ("namespace:name"): how to build
its arguments from the shared data (`World`), and the status each visitor gets. Renaming or
moving a view to another namespace? Rename its key. `test_urls.py` then

* visits every row as each visitor of `VISITORS` and checks the status (an anonymous 302 must
  lead to the login page);
* fails when a URL pattern of the site has no row here, or a row has no URL pattern (the Django
  admin and `i18n/` are left out: they are Django's own).

The visitors, all from `binhdang/demo/personas.py`:

    anonymous    nobody logged in
    outsider     the reporter of a ward of Hà Nội (01): a membership in another province
    sibling      the reporter of Xã Phú Lương, another commune of Thái Nguyên (19)
    owner        the reporter of Xã Đại Từ, the commune whose objects the rows point at
    coordinator  the coordinator of the Sở Nội vụ, whose membership sits on the province (19)

A state-changing view is only visited with GET (it must answer 405 to a logged-in user); the
views' own tests post to them. Where the current answer is wrong, the row says what it is today
with a `# BUG:` comment, so that fixing the view means changing the row.

The pages measured for their number of queries are in `QUERY_PAGES`; their baselines are in
`query_counts.json` (rewrite it with UPDATE_QUERY_COUNTS=1, see test_query_counts.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from binhdang.accounts.models import User
from binhdang.core.models import Job
from binhdang.core.tests.helpers import PASSWORD
from binhdang.demo.personas import create_personas
from binhdang.documents.jobs import run_render_job, start_render_job
from binhdang.feedback.tests.helpers import harness_attachment, harness_item, harness_step
from binhdang.orgunits.loader import load_register
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.importing import import_plan
from binhdang.plans.models import Evidence, Plan, Task, TaskProgress
from binhdang.plans.services import do_add_evidence, do_publish_plan, do_update_progress
from binhdang.plans.tests.helpers import SEED
from binhdang.reporting import workflow
from binhdang.reporting.models import DataValue, ReportingPeriod
from binhdang.reporting.services import CellChange, do_save_cells, open_submission
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import ETHNIC, make_form

VISITORS = ("anonymous", "outsider", "sibling", "owner", "coordinator")
# Which persona (demo/personas.py) plays each logged-in visitor.
PERSONA_OF = {
    "outsider": "outsider",
    "sibling": "reporter_b",
    "owner": "reporter_a",
    "coordinator": "coordinator",
}

# Names that are not the project's URLs (see url_names()).
SKIPPED_NAMESPACES = {"admin"}  # Django's admin: its own permission checks, its own tests
SKIPPED_URLCONFS = {"django.conf.urls.i18n"}  # set_language: Django's view, a POST with no scope


@dataclass
class World:
    """The data every row builds its URL from: build_world() below, once per test package (conftest.py)."""

    users: dict[str, User]
    province: OrgUnit
    commune_a: OrgUnit  # the owner's commune
    commune_b: OrgUnit  # the sibling's commune
    communes: list[OrgUnit]  # the communes with figures and progress, a and b among them
    period: ReportingPeriod
    plan: Plan
    commune_task: Task
    evidence: Evidence  # uploaded by the owner on commune_task
    job: Job  # a finished render job the owner started for its commune


Builder = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One URL: its arguments and the status each visitor gets with `method`."""

    kwargs: Builder | None = None
    anonymous: int = 302
    outsider: int = 200
    sibling: int = 200
    owner: int = 200
    coordinator: int = 200
    method: str = "get"
    query: Builder | None = None  # GET parameters, e.g. the unit a page drills down to
    token: bool = False  # an API path: also visited with the visitor's API token (test_urls.py)

    def expected(self, visitor: str) -> int:
        return getattr(self, visitor)


def _period(d: World) -> dict[str, Any]:
    return {"period_id": d.period.pk}


def _report(d: World) -> dict[str, Any]:
    return {"period_id": d.period.pk, "code": d.commune_a.code}


def _unit_a(d: World) -> dict[str, Any]:
    return {"unit": d.commune_a.code}


def _plan(d: World) -> dict[str, Any]:
    return {"plan_id": d.plan.pk}


def _task_a(d: World) -> dict[str, Any]:
    return {"task_id": d.commune_task.pk, "code": d.commune_a.code}


def _evidence(d: World) -> dict[str, Any]:
    return {"evidence_id": d.evidence.pk}


def _job(d: World) -> dict[str, Any]:
    return {"job_id": d.job.pk}


def _addressee(d: World) -> dict[str, Any]:
    return {"plan_id": d.plan.pk, "addressee_id": d.commune_task.addressee_id}


def _gbv_case(d: World) -> dict[str, Any]:
    return {"code": "BL-HARNESS"}  # no visitor may open any case: a code that exists or not answers 404 alike
def _submission_a(d: World) -> int:
    return d.commune_a.submissions.get(period=d.period).pk


def _value_a(d: World) -> int:
    return DataValue.objects.filter(unit=d.commune_a, period=d.period).order_by("pk").first().pk


def _progress_a(d: World) -> int:
    return TaskProgress.objects.get(task=d.commune_task, unit=d.commune_a).pk


def _report_query(d: World) -> dict[str, Any]:
    return {"period": d.period.code, "unit": d.commune_a.code}


def _dhis2_query(d: World) -> dict[str, Any]:
    return {"orgUnit": d.commune_a.code, "period": "2026", "idScheme": "code"}


# fmt: off
# Status codes: 200 page, 302 redirect (anonymous: to the login page), 401 an API path without
# credentials, 404 out of scope or not there, 405 method not allowed (a POST-only view opened with GET).
URLS: dict[str, Case] = {
    # --- core ---
    "accounts:home": Case(),
    "core:healthz": Case(anonymous=200),  # the load balancer's probe: open to everyone
    "core:notifications": Case(),  # the user's own notifications
    "core:mark_all_read": Case(outsider=405, sibling=405, owner=405, coordinator=405),  # POST, own only
    # --- accounts: the login and password pages are open to everyone ---
    "accounts:login": Case(anonymous=200, outsider=302, sibling=302, owner=302, coordinator=302),
    # Django 5's LogoutView accepts POST only, logged in or not.
    "accounts:logout": Case(anonymous=405, outsider=405, sibling=405, owner=405, coordinator=405),
    "accounts:password_change": Case(),
    "accounts:password_change_done": Case(),
    "accounts:password_reset": Case(anonymous=200),
    "accounts:password_reset_done": Case(anonymous=200),
    # A link that is not valid shows "this link is no longer valid" (200) to everyone.
    "accounts:password_reset_confirm": Case(kwargs=lambda d: {"uidb64": "MQ", "token": "set-password"},
                                            anonymous=200),
    "accounts:password_reset_complete": Case(anonymous=200),
    "accounts:otp_setup": Case(),
    "accounts:otp_verify": Case(),
    "accounts:switch_unit": Case(outsider=405, sibling=405, owner=405, coordinator=405),  # POST
    # --- orgunits: the register, each user sees their own subtree ---
    "orgunits:unit_list": Case(),  # lists the user's scope only
    "orgunits:unit_detail": Case(kwargs=lambda d: {"code": d.commune_a.code},
                                 outsider=404, sibling=404, owner=200, coordinator=200),
    "orgunits:unit_edit": Case(kwargs=lambda d: {"code": d.commune_a.code},
                               outsider=404, sibling=404, owner=200, coordinator=200),
    # --- plans: a published plan is read by every unit of its province ---
    "plans:plan_list": Case(),  # lists the plans in the user's scope
    "plans:plan_import": Case(outsider=404, sibling=404, owner=404, coordinator=200),  # MANAGE only
    "plans:workspace": Case(),  # the active unit's own tasks
    "plans:plan_detail": Case(kwargs=_plan, outsider=404, sibling=200, owner=200, coordinator=200),
    "plans:plan_publish": Case(kwargs=_plan, outsider=405, sibling=405, owner=405, coordinator=405),
    # GET asks before deleting (a published plan: sent back to it), POST deletes a draft.
    "plans:plan_delete": Case(kwargs=_plan, outsider=404, sibling=404, owner=404, coordinator=302),
    "plans:plan_matrix": Case(kwargs=_plan, outsider=404, sibling=200, owner=200, coordinator=200),
    "plans:addressee_resolve": Case(kwargs=_addressee,
                                    outsider=405, sibling=405, owner=405, coordinator=405),
    "plans:task_progress": Case(kwargs=_task_a, outsider=404, sibling=404, owner=200, coordinator=200),
    "plans:evidence_upload": Case(kwargs=_task_a, outsider=405, sibling=405, owner=405, coordinator=405),
    "plans:evidence_download": Case(kwargs=_evidence,
                                    outsider=404, sibling=404, owner=200, coordinator=200),
    "plans:evidence_delete": Case(kwargs=_evidence, outsider=405, sibling=405, owner=405, coordinator=405),
    # An OCR import job is its user's only: anyone else's (or none) is 404.
    "plans:import_job": Case(kwargs=lambda d: {"job_id": 999999},
                             outsider=404, sibling=404, owner=404, coordinator=404),
    "plans:plan_confirm": Case(kwargs=_plan, outsider=405, sibling=405, owner=405, coordinator=405),
    "plans:task_areas": Case(kwargs=lambda d: {"task_id": _task_a(d)["task_id"]},
                             outsider=405, sibling=405, owner=405, coordinator=405),
    "plans:addressee_create_bodies": Case(kwargs=_addressee,
                                          outsider=405, sibling=405, owner=405, coordinator=405),
    # --- reporting: a unit's report is the unit's and its coordinator's ---
    "reporting:my_reports": Case(),  # the active unit's own reports
    "reporting:progress": Case(kwargs=_period, query=_unit_a,
                               outsider=404, sibling=404, owner=200, coordinator=200),
    # The coordinator's desk needs REVIEW on the user's own unit: a reporter gets 404.
    "reporting:desk": Case(outsider=404, sibling=404, owner=404, coordinator=200),
    "reporting:remind_many": Case(kwargs=_period, outsider=405, sibling=405, owner=405, coordinator=405),
    # The reminder letter is the coordinator's (REVIEW): the commune itself gets 404. Commune a
    # has reported, so the coordinator is sent back to the completeness page with a message.
    "documents:reminder_letter": Case(kwargs=_period, query=_unit_a,
                                      outsider=404, sibling=404, owner=404, coordinator=302),
    "reporting:entry": Case(kwargs=_report, outsider=404, sibling=404, owner=200, coordinator=200),
    "reporting:save_cells": Case(kwargs=_report, anonymous=405, outsider=405, sibling=405, owner=405,
                                 coordinator=405),  # POST only; an anonymous POST gets 401 (JSON)
    "reporting:export_xlsx": Case(kwargs=_report, outsider=404, sibling=404, owner=200, coordinator=200),
    "reporting:transition": Case(kwargs=lambda d: {**_report(d), "step": "submit"},
                                 outsider=405, sibling=405, owner=405, coordinator=405),
    "reporting:remind": Case(kwargs=_report, outsider=405, sibling=405, owner=405, coordinator=405),
    "reporting:extend": Case(kwargs=_report, outsider=405, sibling=405, owner=405, coordinator=405),
    "reporting:import_xlsx": Case(kwargs=_report, outsider=405, sibling=405, owner=405, coordinator=405),
    "reporting:import_confirm": Case(kwargs=_report, outsider=405, sibling=405, owner=405, coordinator=405),
    "reporting:history": Case(kwargs=_report, outsider=404, sibling=404, owner=200, coordinator=200),
    "reporting:history_restore": Case(kwargs=_report, outsider=405, sibling=405, owner=405, coordinator=405),
    # --- analytics: the dashboard of a unit; render jobs belong to the user who started them ---
    "analytics:dashboard": Case(kwargs=_period, query=_unit_a,
                                outsider=404, sibling=404, owner=200, coordinator=200),
    # The home pages' links: each visitor is sent to the current period's page for their own unit.
    "analytics:current": Case(kwargs=lambda d: {"page": "dashboard"},
                              outsider=302, sibling=302, owner=302, coordinator=302),
    "documents:render": Case(kwargs=_period, outsider=405, sibling=405, owner=405, coordinator=405),
    # The owner's job: nobody else sees it, not even the coordinator.
    "documents:job": Case(kwargs=_job, outsider=404, sibling=404, owner=200, coordinator=404),
    "documents:job_download": Case(kwargs=_job, outsider=404, sibling=404, owner=200, coordinator=404),
    # The report's assessment is the coordinator's (REVIEW) to write; the commune gets 404.
    "documents:narrative": Case(kwargs=_period, query=_unit_a,
                                outsider=404, sibling=404, owner=404, coordinator=200),
    "documents:narrative_save": Case(kwargs=_period, query=_unit_a,
                                     outsider=405, sibling=405, owner=405, coordinator=405),
    # --- feedback: the public intake is open to everyone; items are their handlers' and the
    # coordinator's (Action.FEEDBACK), a reporter gets 404 ---
    "feedback:start": Case(anonymous=200),
    "feedback:file": Case(kwargs=lambda d: {"province": d.province.code}, anonymous=200),
    "feedback:gbv_help": Case(kwargs=lambda d: {"province": d.province.code}, anonymous=200),
    "feedback:filed": Case(anonymous=200),  # the code of this browser's filing, if any
    "feedback:track": Case(anonymous=200),  # looking a code up is a POST
    "feedback:list": Case(outsider=404, sibling=404, owner=404, coordinator=200),
    "feedback:item": Case(kwargs=harness_item, outsider=404, sibling=404, owner=404, coordinator=200),
    "feedback:step": Case(kwargs=harness_step, outsider=405, sibling=405, owner=405, coordinator=405),
    "feedback:attachment": Case(kwargs=harness_attachment,
                                outsider=404, sibling=404, owner=404, coordinator=200),
    # Without an answer yet, the coordinator is sent back to the item with a message.
    "documents:answer_letter": Case(kwargs=harness_item,
                                    outsider=404, sibling=404, owner=404, coordinator=302),
    # --- gbv: the confidential register. No visitor here holds a GBV role, so every case page is 404
    # (even the coordinator's); binhdang/gbv/tests check the workers, supervisors and services with cases.
    "gbv:case_list": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:api_cases": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:case_new": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:case_search": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:case_detail": Case(kwargs=_gbv_case, outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:break_glass": Case(kwargs=_gbv_case, outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:case_export": Case(kwargs=_gbv_case, outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:case_erase": Case(kwargs=_gbv_case, outsider=405, sibling=405, owner=405, coordinator=405),
    "gbv:case_action": Case(kwargs=lambda d: {**_gbv_case(d), "what": "consent"},
                            outsider=405, sibling=405, owner=405, coordinator=405),
    "gbv:referral_list": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:referral_detail": Case(kwargs=lambda d: {"referral_id": 1}, outsider=404, sibling=404, owner=404,
                                coordinator=404),
    "gbv:referral_move": Case(kwargs=lambda d: {"referral_id": 1, "move": "accept"},
                              outsider=405, sibling=405, owner=405, coordinator=405),
    "gbv:access_log": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    # The suppressed statistics are for whoever may view the unit: counts only, no case is read.
    "gbv:statistics": Case(query=_unit_a, outsider=404, sibling=404, owner=200, coordinator=200),
    "gbv:fill_report": Case(outsider=405, sibling=405, owner=405, coordinator=405),
    "gbv:directory": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:directory_new": Case(outsider=404, sibling=404, owner=404, coordinator=404),
    "gbv:directory_edit": Case(kwargs=lambda d: {"provider_id": 1}, outsider=404, sibling=404, owner=404,
                               coordinator=404),
    # The public directory: no login, no location of a shelter or trusted address.
    "gbv:public_directory": Case(anonymous=200),
    "gbv:public_directory_json": Case(anonymous=200),
    # --- api: /api/v1/ and DHIS2's paths. An anonymous caller gets 401 (no login page to go to);
    # each row is visited with the session and again with the visitor's API token (token=True).
    "api:unit-list": Case(anonymous=401, token=True),  # lists the caller's scope only
    "api:unit-detail": Case(kwargs=lambda d: {"code": d.commune_a.code}, anonymous=401,
                            outsider=404, sibling=404, token=True),
    "api:plan-list": Case(anonymous=401, token=True),
    "api:plan-detail": Case(kwargs=lambda d: {"pk": d.plan.pk}, anonymous=401, outsider=404, token=True),
    "api:task-list": Case(anonymous=401, token=True),
    "api:task-detail": Case(kwargs=lambda d: {"pk": d.commune_task.pk}, anonymous=401, outsider=404,
                            token=True),
    "api:assignment-list": Case(anonymous=401, token=True),
    "api:assignment-detail": Case(kwargs=lambda d: {"pk": d.commune_task.assignments.first().pk},
                                  anonymous=401, outsider=404, token=True),
    # Templates, periods, data elements, indicators: the same for everyone (no unit).
    "api:template-list": Case(anonymous=401, token=True),
    "api:template-detail": Case(kwargs=lambda d: {"pk": d.period.template_id}, anonymous=401, token=True),
    "api:period-list": Case(anonymous=401, token=True),
    "api:period-detail": Case(kwargs=lambda d: {"pk": d.period.pk}, anonymous=401, token=True),
    "api:data-element-list": Case(anonymous=401, token=True),
    "api:data-element-detail": Case(kwargs=lambda d: {"code": "OFFICIALS"}, anonymous=401, token=True),
    "api:indicator-list": Case(anonymous=401, token=True),
    # The harness's world has no indicator or target: a code that is not there answers 404.
    "api:indicator-detail": Case(kwargs=lambda d: {"code": "NONE"}, anonymous=401, outsider=404, sibling=404,
                                 owner=404, coordinator=404, token=True),
    "api:target-list": Case(anonymous=401, token=True),
    "api:target-detail": Case(kwargs=lambda d: {"pk": 999999}, anonymous=401, outsider=404, sibling=404,
                              owner=404, coordinator=404, token=True),
    "api:submission-list": Case(anonymous=401, token=True),
    "api:submission-detail": Case(kwargs=lambda d: {"pk": _submission_a(d)}, anonymous=401,
                                  outsider=404, sibling=404, token=True),
    "api:submission-step": Case(kwargs=lambda d: {"pk": _submission_a(d), "step": "accept"}, anonymous=401,
                                outsider=405, sibling=405, owner=405, coordinator=405, token=True),  # POST
    "api:value-list": Case(anonymous=401, token=True),
    "api:value-detail": Case(kwargs=lambda d: {"pk": _value_a(d)}, anonymous=401, outsider=404, sibling=404,
                             token=True),
    "api:task-result-list": Case(anonymous=401, token=True),
    "api:task-result-detail": Case(kwargs=lambda d: {"pk": _progress_a(d)}, anonymous=401, outsider=404,
                                   sibling=404, token=True),
    "api:evidence-list": Case(anonymous=401, token=True),
    "api:evidence-detail": Case(kwargs=lambda d: {"pk": d.evidence.pk}, anonymous=401, outsider=404,
                                sibling=404, token=True),
    "api:completeness": Case(query=_report_query, anonymous=401, outsider=404, sibling=404, token=True),
    "api:consolidation": Case(query=_report_query, anonymous=401, outsider=404, sibling=404, token=True),
    # The schema and its two readers are documentation: open to everyone.
    "api:schema": Case(anonymous=200),
    "api:swagger": Case(anonymous=200),
    "api:redoc": Case(anonymous=200),
    "api:dhis2_data_value_sets": Case(query=_dhis2_query, anonymous=401, outsider=404, sibling=404,
                                      token=True),
    "api:dhis2_data_value_sets_format": Case(kwargs=lambda d: {"fmt": "csv"}, query=_dhis2_query,
                                             anonymous=401, outsider=404, sibling=404, token=True),
    "api:dhis2_metadata": Case(anonymous=401, token=True),
    "api:dhis2_me": Case(anonymous=401, token=True),
    "api:dhis2_system_info": Case(anonymous=401, token=True),
    "api:dhis2_list": Case(kwargs=lambda d: {"resource": "organisationUnits"}, anonymous=401, token=True),
    "api:dhis2_list_json": Case(kwargs=lambda d: {"resource": "dataSets"}, anonymous=401, token=True),
    "api:dhis2_object": Case(kwargs=lambda d: {"resource": "organisationUnits", "ident": d.commune_a.code},
                             anonymous=401, outsider=404, sibling=404, token=True),
    # The user's own tokens (a page of the site); revoking is a POST, of one's own tokens only.
    "api:tokens": Case(),
    "api:token_revoke": Case(kwargs=lambda d: {"token_id": 1}, outsider=405, sibling=405, owner=405,
                             coordinator=405),
}
# fmt: on


# --- The URL patterns of the site --------------------------------------------------------------


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    """Every URL pattern's "namespace:name", walking includes and namespaces recursively.

    Skipped: the Django admin (SKIPPED_NAMESPACES) and the i18n include (SKIPPED_URLCONFS).
    A pattern without a name comes out as "<unnamed: route>", so it shows as missing.
    """
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            if getattr(pattern.urlconf_module, "__name__", None) in SKIPPED_URLCONFS:
                continue
            inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}" if pattern.name else f"<unnamed: {prefix}{pattern.pattern}>"


# --- Query counts ------------------------------------------------------------------------------

QUERY_COUNTS_FILE = Path(__file__).with_name("query_counts.json")
UPDATE_ENV = "UPDATE_QUERY_COUNTS"


@dataclass(frozen=True)
class QueryPage:
    """A page whose number of queries must not grow: who opens it, with what."""

    url_name: str
    visitor: str
    kwargs: Builder | None = None
    query: Builder | None = None
    note: str = ""


QUERY_PAGES: dict[str, QueryPage] = {
    "entry": QueryPage("reporting:entry", "owner", _report, note="a commune's report form"),
    "dashboard": QueryPage("analytics:dashboard", "coordinator", _period, note="province 19"),
    "completeness": QueryPage("reporting:progress", "coordinator", _period, note="province 19"),
    "plan_matrix": QueryPage("plans:plan_matrix", "coordinator", _plan),
    "plan_matrix_xlsx": QueryPage("plans:plan_matrix", "coordinator", _plan, lambda d: {"format": "xlsx"}),
    "report_xlsx": QueryPage("reporting:export_xlsx", "owner", _report, note="a commune's report"),
    "gbv_statistics": QueryPage("gbv:statistics", "coordinator", None, lambda d: {"unit": d.province.code},
                                note="province 19's suppressed GBV tables"),
    "dhis2_export": QueryPage("api:dhis2_data_value_sets", "coordinator", None,
                              lambda d: {"orgUnit": d.province.code, "children": "true", "period": "2026"},
                              note="the province's figures as a DHIS2 data value set"),
}


def read_query_counts() -> dict[str, int]:
    if not QUERY_COUNTS_FILE.exists():
        return {}
    return json.loads(QUERY_COUNTS_FILE.read_text())


def write_query_count(key: str, count: int) -> None:
    counts = read_query_counts()
    counts[key] = count
    QUERY_COUNTS_FILE.write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n")


def updating_query_counts() -> bool:
    return os.environ.get(UPDATE_ENV, "") not in ("", "0")


# --- The shared data ---------------------------------------------------------------------------

COMMUNES_WITH_DATA = 8  # enough units, values and progress rows for an N+1 to show in the counts
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_world() -> World:
    """Thái Nguyên and Hà Nội, the personas, the test form with figures from eight communes in every
    state of the workflow, the seed plan published with progress and one piece of evidence, and a
    finished render job. Built through the services, as the views' own tests do."""


    load_register(province_codes={"19", "01"})
    users = create_personas(password=PASSWORD)
    province = OrgUnit.objects.get(code="19")
    commune_a = users["reporter_a"].memberships.get().unit
    commune_b = users["reporter_b"].memberships.get().unit
    others = list(
        OrgUnit.objects.within(province)
        .filter(kind__in=["commune", "ward"])
        .exclude(pk__in=[commune_a.pk, commune_b.pk])
        .order_by("code")[: COMMUNES_WITH_DATA - 2]
    )
    communes = [commune_a, commune_b, *others]
    coordinator = users["coordinator"]

    # The report: figures from every commune; a approved (waiting for the coordinator),
    # b submitted, the others accepted.
    period = make_form()
    reporters = {commune_a.pk: users["reporter_a"], commune_b.pk: users["reporter_b"]}
    for n, unit in enumerate(communes, start=1):
        author = reporters.get(unit.pk, coordinator)
        cells = [
            CellChange("OFFICIALS", make_key(sex="F"), str(2 + n), None, None),
            CellChange("OFFICIALS", make_key(sex="M"), str(1 + n), None, None),
            CellChange("FULL_TIME", make_key(sex="F"), "1", None, None),
            CellChange("FULL_TIME", make_key(sex="M"), "1", None, None),
            CellChange("SPENT", TOTAL, str(1_000_000 * n), "Tháng hành động", None),
            CellChange("NOTE", TOTAL, f"Ghi chú của {unit.name}", None, None),
        ]
        cells += [
            CellChange("PARTICIPANTS", make_key(sex=sex, ethnicity=code), str(n + i), None, None)
            for i, (code, _name, _group) in enumerate(ETHNIC)
            for sex in ("F", "M")
        ]
        do_save_cells(period, unit, cells, acting_user=author)
        submission = workflow.do_submit(open_submission(period, unit), acting_user=author)
        if unit == commune_a:
            workflow.do_approve(submission, acting_user=users["head_a"])
        elif unit != commune_b:
            workflow.do_accept(submission, acting_user=coordinator)

    # The plan: published, progress from the communes and the Sở Y tế, evidence from commune a.
    plan = import_plan(SEED.read_bytes(), SEED.name, acting_user=coordinator).plan
    do_publish_plan(plan, acting_user=coordinator)
    commune_task = Task.objects.get(plan=plan, addressee__name="UBND các xã, phường")
    statuses = ["in_progress", "done", "not_started", "done"]
    for n, unit in enumerate(communes):
        do_update_progress(
            commune_task, unit, status=statuses[n % 4], note=f"{unit.name}: {n} buổi", version=0,
            acting_user=coordinator,
        )
    health = OrgUnit.objects.get(code="19-SYT")
    for n, task in enumerate(Task.objects.filter(plan=plan, addressee__name="Sở Y tế")):
        do_update_progress(
            task, health, status=statuses[n % 4], note="Sở Y tế", version=0, acting_user=coordinator
        )
    evidence = do_add_evidence(
        commune_task,
        commune_a,
        SimpleUploadedFile("bien-ban.pdf", PDF),
        acting_user=users["reporter_a"],
        max_bytes=settings.UPLOAD_MAX_BYTES,
    )

    # A render job of the owner's, run here: its on_commit never comes inside the test transaction.
    job = start_render_job(
        users["reporter_a"], period, commune_a, "xlsx", provisional=False, enqueue=lambda job_id: None
    )
    run_render_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message

    return World(
        users=users,
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        communes=communes,
        period=period,
        plan=plan,
        commune_task=commune_task,
        evidence=evidence,
        job=job,
    )


def finish(response: Any) -> None:
    """Read a download to its end, so that the test client closes it as a server would (calling
    `response.close()` here instead would close the database connection inside the test's
    transaction on PostgreSQL: Django's request_finished handler runs with it)."""
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
