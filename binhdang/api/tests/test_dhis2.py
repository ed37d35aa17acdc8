"""DHIS2-compatible exchange: dataValueSets in JSON, CSV and ADX, the import's rules (editable reports
only, atomic per report, zero is a value, empty changes nothing, idempotent, dry run), the mapping
table and the period mapping, the metadata lists."""

from __future__ import annotations

import json

from binhdang.api.dhis2 import adx
from binhdang.api.dhis2.ids import uid
from binhdang.api.models import Dhis2Mapping, Dhis2PeriodMapping
from binhdang.api.tests.helpers import ApiTestCase, fill, token_client
from binhdang.indicators.models import DataElement
from binhdang.reporting import workflow
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.services import open_submission


def figures(unit: object) -> dict[tuple[str, tuple], str]:
    return {
        (row.element.code, row.key): f"{row.value.normalize():f}" if row.value is not None else row.text
        for row in DataValue.objects.filter(unit=unit).select_related("element")
    }


class Dhis2Tests(ApiTestCase):
    def setUp(self) -> None:
        self.client_a, _raw = token_client(self.reporter_a)

    def read(self, **params: str) -> dict:
        query = {"orgUnit": self.commune_a.code, "period": "2026", **params}
        response = self.client_a.get("/api/dataValueSets", query)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def send(self, body: object, fmt: str = "json", **params: str) -> tuple[int, dict]:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        path = "/api/dataValueSets" + ("" if fmt == "json" else f".{fmt}") + (f"?{query}" if query else "")
        if fmt == "json":
            response = self.client_a.post(path, body, format="json")
        else:
            response = self.client_a.generic("POST", path, body, content_type="text/plain")
        return response.status_code, response.json()

    def test_export_in_dhis2_shape_with_uids_or_codes(self) -> None:
        by_uid = self.read()
        self.assertEqual(by_uid["orgUnit"], uid("OU", self.commune_a.code))
        self.assertEqual(by_uid["period"], "2026")
        self.assertEqual(len(by_uid["dataValues"]), 7)
        value = next(
            v for v in self.read(idScheme="code")["dataValues"] if v["categoryOptionCombo"] == "SEX_F.ETH_01"
        )
        self.assertEqual(
            (value["dataElement"], value["value"], value["orgUnit"]), ("PARTICIPANTS", "10", "05830")
        )
        spent = next(v for v in self.read(idScheme="CODE")["dataValues"] if v["dataElement"] == "SPENT")
        self.assertEqual((spent["value"], spent["comment"]), ("1500000", "Tháng hành động"))

    def test_json_round_trip_is_idempotent_and_counts_one_update(self) -> None:
        body = self.read()
        status, first = self.send(body)
        self.assertEqual(
            first["response"]["importCount"], {"imported": 0, "updated": 0, "ignored": 7, "deleted": 0}
        )
        changed = next(v for v in body["dataValues"] if v["value"] == "3")
        changed["value"] = "4"
        status, second = self.send(body)
        self.assertEqual(status, 200)
        self.assertEqual(
            second["response"]["importCount"], {"imported": 0, "updated": 1, "ignored": 6, "deleted": 0}
        )
        self.assertEqual(second["response"]["status"], "SUCCESS")
        row = DataValue.objects.get(unit=self.commune_a, element__code="OFFICIALS", sex="F")
        self.assertEqual((row.value, row.source), (4, "api"))
        _status, third = self.send(body)
        self.assertEqual(third["response"]["importCount"]["ignored"], 7)

    def test_dry_run_says_the_same_and_writes_nothing(self) -> None:
        body = self.read()
        body["dataValues"][0]["value"] = "9"
        before = figures(self.commune_a)
        _status, summary = self.send(body, dryRun="true")
        self.assertEqual(summary["response"]["importCount"]["updated"], 1)
        self.assertTrue(summary["response"]["importOptions"]["dryRun"])
        self.assertEqual(figures(self.commune_a), before)

    def test_zero_is_a_value_and_empty_changes_nothing(self) -> None:
        body = {
            "dataSet": "TEST",
            "period": "2026",
            "orgUnit": self.commune_a.code,
            "dataValues": [
                {"dataElement": "OFFICIALS", "categoryOptionCombo": "SEX_F", "value": "0"},
                {"dataElement": "OFFICIALS", "categoryOptionCombo": "SEX_M", "value": ""},
                {"dataElement": "FULL_TIME", "categoryOptionCombo": "SEX_F"},
            ],
        }
        _status, summary = self.send(body, idScheme="code")
        self.assertEqual(
            summary["response"]["importCount"], {"imported": 0, "updated": 1, "ignored": 2, "deleted": 0}
        )
        now = figures(self.commune_a)
        self.assertEqual(now[("OFFICIALS", ("F", "", "", "", ""))], "0")
        self.assertEqual(now[("OFFICIALS", ("M", "", "", "", ""))], "2")
        self.assertEqual(now[("FULL_TIME", ("F", "", "", "", ""))], "1")

    def test_delete_only_when_asked(self) -> None:
        body = {
            "period": "2026",
            "orgUnit": self.commune_a.code,
            "dataValues": [
                {"dataElement": "OFFICIALS", "categoryOptionCombo": "SEX_M", "value": "2"},
                {"dataElement": "SRB", "value": "1"},
            ],
        }
        body["dataValues"].pop()
        _status, summary = self.send(body, importStrategy="DELETE")
        self.assertEqual(summary["response"]["importCount"]["deleted"], 1)
        self.assertNotIn(("OFFICIALS", ("M", "", "", "", "")), figures(self.commune_a))

    def test_a_bad_file_names_each_row_and_writes_nothing_of_that_report(self) -> None:
        before = figures(self.commune_a)
        body = {
            "orgUnit": self.commune_a.code,
            "period": "2026",
            "dataValues": [
                {"dataElement": "OFFICIALS", "categoryOptionCombo": "SEX_F", "value": "8"},
                {"dataElement": "OFFICIALS", "categoryOptionCombo": "SEX_M", "value": "1.234,5"},
                {"dataElement": "NOPE", "value": "1"},
                {"dataElement": "SRB", "value": "1.05"},
                {"dataElement": "SPENT", "value": "-5"},
            ],
        }
        status, summary = self.send(body, idScheme="code")
        self.assertEqual(status, 409)
        response = summary["response"]
        self.assertEqual(response["status"], "ERROR")
        self.assertEqual(response["importCount"], {"imported": 0, "updated": 0, "ignored": 5, "deleted": 0})
        messages = {c["indexes"][0]: c["value"] for c in response["conflicts"]}
        self.assertIn("dataValues[1]", messages[1])
        self.assertIn("không phải là số", messages[1])
        self.assertIn("dataValues[2]", messages[2])
        self.assertIn("NOPE", messages[2])
        self.assertIn("không có trong biểu mẫu", messages[3])  # SRB is for departments only
        self.assertIn("âm", messages[4])
        self.assertEqual(figures(self.commune_a), before)  # the good first row was not written either

    def test_only_editable_reports_take_figures_and_each_report_stands_alone(self) -> None:
        fill(self.period, self.commune_b, self.reporter_b)
        submission = open_submission(self.period, self.commune_b)
        workflow.do_submit(submission, acting_user=self.reporter_b)
        coordinator, _raw = token_client(self.coordinator)
        body = {
            "period": "2026",
            "dataValues": [
                {"orgUnit": self.commune_a.code, "dataElement": "SPENT", "value": "7"},
                {"orgUnit": self.commune_b.code, "dataElement": "SPENT", "value": "7"},
            ],
        }
        response = coordinator.post("/api/dataValueSets?idScheme=code", body, format="json")
        summary = response.json()["response"]
        self.assertEqual(summary["status"], "WARNING")
        self.assertEqual(summary["importCount"], {"imported": 0, "updated": 1, "ignored": 1, "deleted": 0})
        conflict = summary["conflicts"][0]
        self.assertEqual((conflict["object"], conflict["errorCode"]), (self.commune_b.code, "E7615"))
        self.assertIn("không thể sửa", conflict["value"])
        self.assertEqual(DataValue.objects.get(unit=self.commune_a, element__code="SPENT").value, 7)
        self.assertEqual(DataValue.objects.get(unit=self.commune_b, element__code="SPENT").value, 1500000)
        self.assertEqual(Submission.objects.get(unit=self.commune_b).status, "submitted")

    def test_another_units_figures_cannot_be_sent(self) -> None:
        body = {
            "period": "2026",
            "orgUnit": self.commune_b.code,
            "dataValues": [{"dataElement": "SPENT", "value": "7"}],
        }
        _status, summary = self.send(body, idScheme="code")
        self.assertEqual(summary["response"]["conflicts"][0]["errorCode"], "E7612")
        self.assertFalse(DataValue.objects.filter(unit=self.commune_b).exists())

    def test_csv_round_trip(self) -> None:
        response = self.client_a.get(
            "/api/dataValueSets.csv", {"orgUnit": self.commune_a.code, "period": "2026", "idScheme": "code"}
        )
        text = response.content.decode()
        lines = text.strip().split("\n")
        self.assertEqual(
            lines[0],
            "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup",
        )
        self.assertEqual(len(lines), 8)
        _status, same = self.send(text.encode(), "csv")
        self.assertEqual(same["response"]["importCount"]["ignored"], 7)
        changed = text.replace(
            "OFFICIALS,2026,05830,SEX_M,default,2,", "OFFICIALS,2026,05830,SEX_M,default,6,"
        )
        _status, summary = self.send(changed.encode(), "csv")
        self.assertEqual(summary["response"]["importCount"]["updated"], 1)
        self.assertEqual(figures(self.commune_a)[("OFFICIALS", ("M", "", "", "", ""))], "6")

    def test_a_short_csv_line_is_named(self) -> None:
        _status, summary = self.send(b"header\nOFFICIALS,2026,05830\n", "csv")
        conflict = summary["response"]["conflicts"][0]
        self.assertEqual(conflict["errorCode"], "E7600")
        self.assertIn("dòng 2", conflict["value"])

    def test_adx_round_trip_is_valid_against_the_schema(self) -> None:
        response = self.client_a.get(
            "/api/dataValueSets.adx", {"orgUnit": self.commune_a.code, "period": "2026"}
        )
        self.assertEqual(response["Content-Type"], "application/adx+xml")
        message = response.content
        self.assertEqual(adx.validation_errors(message), [])
        self.assertIn(b'period="2026-01-01/P1Y"', message)
        self.assertIn(b'dataElement="PARTICIPANTS" sex="F" ethnicity="01" value="10"', message)
        _status, same = self.send(message, "adx")
        self.assertEqual(
            same["response"]["importCount"], {"imported": 0, "updated": 0, "ignored": 6, "deleted": 0}
        )
        changed = message.replace(b'sex="F" ethnicity="01" value="10"', b'sex="F" ethnicity="01" value="12"')
        _status, summary = self.send(changed, "adx")
        self.assertEqual(summary["response"]["importCount"]["updated"], 1)
        self.assertEqual(figures(self.commune_a)[("PARTICIPANTS", ("F", "", "01", "", ""))], "12")

    def test_an_adx_message_off_the_schema_is_refused(self) -> None:
        bad = (
            b'<adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-12-01T00:00:00"><group orgUnit="05830" '
            b'period="2026" dataSet="TEST"><dataValue dataElement="SPENT" value="abc"/></group></adx>'
        )
        _status, summary = self.send(bad, "adx")
        conflict = summary["response"]["conflicts"][0]
        self.assertIn("lược đồ ADX", conflict["value"])
        entity = (
            b'<?xml version="1.0"?><!DOCTYPE adx [<!ENTITY x "y">]><adx xmlns="urn:ihe:qrph:adx:2015" '
            b'exported="2026-12-01T00:00:00">&x;</adx>'
        )
        _status, summary = self.send(entity, "adx")
        self.assertEqual(summary["response"]["conflicts"][0]["errorCode"], "E7600")

    def test_the_mapping_table_renames_a_cell_for_dhis2(self) -> None:
        element = DataElement.objects.get(code="OFFICIALS")
        Dhis2Mapping.objects.create(
            element=element, sex="F", data_element="GE_OFFICIALS", category_option_combo="FEMALE"
        )
        values = self.read(idScheme="code")["dataValues"]
        mapped = next(v for v in values if v["dataElement"] == "GE_OFFICIALS")
        self.assertEqual((mapped["categoryOptionCombo"], mapped["value"]), ("FEMALE", "3"))
        body = {
            "period": "2026",
            "orgUnit": self.commune_a.code,
            "dataValues": [{"dataElement": "GE_OFFICIALS", "categoryOptionCombo": "FEMALE", "value": "11"}],
        }
        _status, summary = self.send(body, idScheme="code")
        self.assertEqual(summary["response"]["importCount"]["updated"], 1)
        exported = self.client_a.get("/api/metadata").json()
        cell = next(c for c in exported["binhdangCellMapping"] if c["dataElement"] == "GE_OFFICIALS")
        self.assertEqual(cell["options"]["sex"], "F")

    def test_the_period_mapping_is_explicit(self) -> None:
        exported = self.client_a.get("/api/metadata").json()
        self.assertEqual(
            exported["binhdangPeriodMapping"][0],
            {
                "period": "2026",
                "from": "2025-12-15",
                "to": "2026-12-14",
                "dhis2Period": "2026",
                "explicit": False,
            },
        )
        Dhis2PeriodMapping.objects.create(period=self.period, dhis2_period="2026BD")
        self.assertEqual(self.read(period="2026BD")["period"], "2026BD")
        self.assertEqual(
            self.client_a.get("/api/dataValueSets", {"orgUnit": "05830", "period": "1999"}).status_code, 409
        )


class MetadataTests(ApiTestCase):
    def setUp(self) -> None:
        self.client_a, _raw = token_client(self.coordinator)

    def test_fields_filter_and_paging(self) -> None:
        response = self.client_a.get(
            "/api/organisationUnits",
            {"filter": f"code:eq:{self.commune_a.code}", "fields": "id,code,name,parent[code]"},
        ).json()
        self.assertEqual(response["pager"]["total"], 1)
        unit = response["organisationUnits"][0]
        self.assertEqual(
            unit,
            {
                "id": uid("OU", self.commune_a.code),
                "code": "05830",
                "name": self.commune_a.name,
                "parent": {"code": "19"},
            },
        )
        everything = self.client_a.get("/api/organisationUnits.json", {"paging": "false"}).json()
        self.assertNotIn("pager", everything)
        self.assertGreater(len(everything["organisationUnits"]), 50)
        self.assertTrue(all(u["id"] for u in everything["organisationUnits"]))
        page = self.client_a.get("/api/organisationUnits", {"pageSize": 10, "page": 2}).json()
        self.assertEqual((page["pager"]["page"], len(page["organisationUnits"])), (2, 10))
        bad = self.client_a.get("/api/dataElements", {"filter": "code:nope:x"})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("filter", bad.json()["message"])

    def test_data_sets_and_elements_say_what_a_dhis2_tool_needs(self) -> None:
        data_set = self.client_a.get("/api/dataSets", {"fields": "*", "paging": "false"}).json()["dataSets"][
            0
        ]
        self.assertEqual((data_set["code"], data_set["periodType"]), ("TEST", "Yearly"))
        codes = {e["dataElement"]["code"] for e in data_set["dataSetElements"]}
        self.assertIn("PARTICIPANTS", codes)
        element = self.client_a.get(f"/api/dataElements/{uid('DE', 'SPENT')}").json()
        self.assertEqual(
            (element["code"], element["valueType"], element["zeroIsSignificant"]), ("SPENT", "NUMBER", True)
        )
        combos = self.client_a.get("/api/categoryOptionCombos", {"filter": "code:eq:SEX_F.ETH_02"}).json()
        self.assertEqual(combos["categoryOptionCombos"][0]["displayName"], "Nữ, Tày")
        self.assertEqual(self.client_a.get("/api/dataElements/nothing").status_code, 404)
        self.assertEqual(json.loads(self.client_a.get("/api/system/info").content)["version"], "2.40.0")


class NegotiationTests(ApiTestCase):
    def test_an_accept_header_chooses_csv_or_adx(self) -> None:
        client, _raw = token_client(self.reporter_a)
        query = {"orgUnit": self.commune_a.code, "period": "2026"}
        csv_response = client.get("/api/dataValueSets", query, HTTP_ACCEPT="text/csv")
        self.assertEqual(csv_response.status_code, 200)
        self.assertTrue(csv_response.content.startswith(b"dataelement,period,orgunit"))
        adx_response = client.get("/api/dataValueSets", query, HTTP_ACCEPT="application/adx+xml")
        self.assertEqual(adx.validation_errors(adx_response.content), [])
        error = client.get("/api/dataValueSets", {"period": "2026"}, HTTP_ACCEPT="text/csv")
        self.assertEqual(error.status_code, 409)  # no unit named: DHIS2's message, still readable
