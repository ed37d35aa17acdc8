"""/api/v1/: a report's whole life driven through the API, the scope of every list, filters,
pagination, task results."""

from __future__ import annotations

from rest_framework.test import APIClient

from binhdang.api.tests.helpers import ApiTestCase, token_client
from binhdang.core.models import AuditEvent
from binhdang.plans.models import TaskProgress
from binhdang.plans.tests.helpers import PublishedPlanTestCase
from binhdang.reporting.models import DataValue, Submission


class WorkflowThroughTheApi(ApiTestCase):
    def test_enter_send_approve_return_and_accept(self) -> None:
        reporter, _r = token_client(self.reporter_a, "reporter")
        head, _h = token_client(self.head_a, "head")
        coordinator, _c = token_client(self.coordinator, "coordinator")
        unit = self.commune_a.code

        saved = reporter.post(
            "/api/v1/values/",
            {
                "period": "2026",
                "unit": unit,
                "cells": [
                    {"element": "OFFICIALS", "sex": "F", "value": "5", "version": 1},
                    {"element": "SPENT", "value": "2500000.5", "version": 1},
                    {"element": "OFFICIALS", "sex": "X", "value": "1", "version": 0},
                ],
            },
            format="json",
        )
        self.assertEqual(saved.status_code, 409)  # one cell is not on the form: the others are saved
        statuses = [cell["status"] for cell in saved.json()["cells"]]
        self.assertEqual(statuses, ["saved", "saved", "invalid"])
        self.assertEqual(DataValue.objects.get(unit=self.commune_a, element__code="SPENT").value, 2500000.5)

        submission = Submission.objects.get(unit=self.commune_a, period=self.period)
        url = f"/api/v1/submissions/{submission.pk}/"
        self.assertEqual(reporter.get(url).json()["steps"], ["submit"])
        sent = reporter.post(url + "steps/submit/", {}, format="json")
        self.assertEqual(sent.status_code, 200, sent.content)
        self.assertEqual(sent.json()["status"], "submitted")

        # The reporter cannot approve; the head can return it with a reason, then approve it.
        self.assertEqual(reporter.post(url + "steps/approve/", {}, format="json").status_code, 403)
        refused = head.post(url + "steps/return_head/", {"reason": ""}, format="json")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("lý do", str(refused.json()).lower())
        returned = head.post(url + "steps/return_head/", {"reason": "Thiếu số liệu nữ"}, format="json")
        self.assertEqual(returned.json()["status"], "returned")
        reporter.post(url + "steps/submit/", {}, format="json")
        self.assertEqual(head.post(url + "steps/approve/", {}, format="json").json()["status"], "approved")

        # The coordinator accepts; nobody can change the figures afterwards.
        accepted = coordinator.post(url + "steps/accept/", {}, format="json")
        self.assertEqual(accepted.json()["status"], "accepted")
        self.assertEqual(accepted.json()["steps"], ["reopen"])
        late = reporter.post(
            "/api/v1/values/",
            {"period": "2026", "unit": unit, "cells": [{"element": "SPENT", "value": "1", "version": 0}]},
            format="json",
        )
        self.assertEqual(late.status_code, 400)
        self.assertIn("không sửa được", str(late.json()).lower())
        # A step offered to nobody in this state is refused with the reason.
        again = coordinator.post(url + "steps/accept/", {}, format="json")
        self.assertEqual(again.status_code, 400)

        events = AuditEvent.objects.filter(object_id=str(submission.pk), event_type="reporting.accepted")
        self.assertEqual(events.get().extra_data["token"], "coordinator")

    def test_a_step_that_does_not_exist_is_404(self) -> None:
        client, _raw = token_client(self.reporter_a)
        submission = Submission.objects.get(unit=self.commune_a, period=self.period)
        self.assertEqual(client.post(f"/api/v1/submissions/{submission.pk}/steps/fly/").status_code, 404)

    def test_a_filter_or_a_page_that_is_not_a_whole_number_is_answered(self) -> None:
        client, _raw = token_client(self.reporter_a)
        answer = client.get("/api/v1/plans/", {"year": "²"})  # a digit to str.isdigit, not to int()
        self.assertEqual(answer.status_code, 400)
        self.assertIn("year", answer.json())
        self.assertEqual(client.get("/api/dataValueSets.json", {"page": "²"}).status_code // 100, 4)

    def test_a_task_that_does_not_exist_is_404(self) -> None:
        client, _raw = token_client(self.reporter_a)
        response = client.post(
            "/api/v1/task-results/",
            {"task": 999999, "unit": self.commune_a.code, "status": "done", "note": "x", "version": 0},
            format="json",
        )
        self.assertEqual(response.status_code, 404)  # no such task reaching the unit


class ScopeAndLists(ApiTestCase):
    def test_a_unit_outside_the_scope_is_404_everywhere(self) -> None:
        outsider, _raw = token_client(self.outsider)
        submission = Submission.objects.get(unit=self.commune_a, period=self.period)
        value = DataValue.objects.filter(unit=self.commune_a).first()
        for url in (
            f"/api/v1/units/{self.commune_a.code}/",
            f"/api/v1/submissions/{submission.pk}/",
            f"/api/v1/values/{value.pk}/",
            f"/api/v1/completeness/?period=2026&unit={self.commune_a.code}",
            f"/api/v1/consolidation/?period=2026&unit={self.commune_a.code}",
            f"/api/organisationUnits/{self.commune_a.code}",
            f"/api/dataValueSets?period=2026&orgUnit={self.commune_a.code}",
        ):
            self.assertEqual(outsider.get(url).status_code, 404, url)
        self.assertEqual(outsider.post(f"/api/v1/submissions/{submission.pk}/steps/accept/").status_code, 404)
        saved = outsider.post(
            "/api/v1/values/",
            {
                "period": "2026",
                "unit": self.commune_a.code,
                "cells": [{"element": "SPENT", "value": "1", "version": 0}],
            },
            format="json",
        )
        self.assertEqual(saved.status_code, 404)
        self.assertEqual(outsider.get("/api/v1/values/").json()["count"], 0)

    def test_lists_filter_and_page(self) -> None:
        client = APIClient()
        client.force_login(self.coordinator)
        everything = client.get("/api/v1/values/", {"unit": self.commune_a.code}).json()
        self.assertEqual(everything["count"], 7)
        officials = client.get("/api/v1/values/", {"element": "OFFICIALS"}).json()
        self.assertEqual({(v["sex"], v["value"]) for v in officials["results"]}, {("F", "3"), ("M", "2")})
        first = client.get("/api/v1/values/", {"page_size": 3}).json()
        self.assertEqual(len(first["results"]), 3)
        self.assertIsNotNone(first["next"])
        second = client.get(first["next"]).json()
        self.assertFalse({v["id"] for v in first["results"]} & {v["id"] for v in second["results"]})
        self.assertEqual(client.get("/api/v1/values/", {"submission": "abc"}).status_code, 400)
        units = client.get("/api/v1/units/", {"kind": "commune", "page_size": 500}).json()
        self.assertTrue(
            all(u["kind"] == "commune" and u["path"].startswith("VN/19/") for u in units["results"])
        )


class TaskResultsThroughTheApi(PublishedPlanTestCase):
    def test_a_commune_reports_its_result_and_an_outsider_cannot(self) -> None:
        client, _raw = token_client(self.reporter_a, "results")
        body = {"task": self.commune_task.pk, "unit": self.commune_a.code, "status": "done", "note": "3 buổi"}
        unversioned = client.post("/api/v1/task-results/", body, format="json")
        self.assertEqual(unversioned.status_code, 400)  # which version it replaces is required …
        self.assertIn("version", unversioned.json())
        self.assertFalse(TaskProgress.objects.filter(task=self.commune_task, unit=self.commune_a).exists())
        body["version"] = 0  # … 0: "I saw no result"
        response = client.post("/api/v1/task-results/", body, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["status"], response.json()["version"]), ("done", 1))
        progress = TaskProgress.objects.get(task=self.commune_task, unit=self.commune_a)
        self.assertEqual(progress.note, "3 buổi")
        stale = client.post("/api/v1/task-results/", {**body, "note": "4 buổi", "version": 0}, format="json")
        self.assertEqual(stale.status_code, 409)  # someone saved since version 0: nothing overwritten
        listed = client.get("/api/v1/task-results/", {"task": self.commune_task.pk}).json()
        self.assertEqual([r["unit"] for r in listed["results"]], [self.commune_a.code])
        # The plan and its task are readable by the commune (published under the province).
        self.assertEqual(client.get(f"/api/v1/plans/{self.plan.pk}/").status_code, 200)
        self.assertGreater(client.get("/api/v1/tasks/", {"plan": self.plan.pk}).json()["count"], 5)

        outsider, _raw = token_client(self.outsider, "outsider")
        self.assertEqual(outsider.post("/api/v1/task-results/", body, format="json").status_code, 404)
        self.assertEqual(outsider.get(f"/api/v1/plans/{self.plan.pk}/").status_code, 404)
        event = AuditEvent.objects.filter(event_type="plans.progress_updated").latest("pk")
        self.assertEqual(event.extra_data["token"], "results")
