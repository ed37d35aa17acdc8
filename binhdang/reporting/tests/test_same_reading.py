"""The same typed text gives the same value on the web form and in an Excel text cell (a property
test over the Vietnamese number forms: groups of dots, spaces or commas, decimal commas and points,
signs, percentages, and text that is not a number). Either both save the same number, or both
refuse it and save nothing. (The API, when it comes, joins the comparison.)"""

import json
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binhdang.reporting.models import DataValue
from binhdang.reporting.tests.helpers import ReportTestCase
from binhdang.reporting.tests.test_excel_roundtrip import fill


def _grouped(number: int, mark: str) -> str:
    return f"{number:,}".replace(",", mark)


@st.composite
def typed_numbers(draw: st.DrawFn) -> str:
    whole = draw(st.integers(min_value=0, max_value=10**12))
    fraction = draw(st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=1, max_size=5)))
    style = draw(st.sampled_from(["plain", "dots", "spaces", "commas", "nbsp"]))
    if style == "plain":
        text = str(whole)
    elif style == "spaces":
        text = _grouped(whole, " ")
    elif style == "nbsp":
        text = _grouped(whole, "\u00a0")
    else:
        text = _grouped(whole, "." if style == "dots" else ",")
    if fraction:
        text += draw(st.sampled_from([",", "."])) + fraction
    sign = draw(st.sampled_from(["", "", "-", "\u2212", "+"]))
    around = draw(st.sampled_from(["", " ", "  "]))
    return around + sign + text + around


ODD = st.text(alphabet="0123456789.,-+ %e", min_size=1, max_size=12)


class SameReadingTests(ReportTestCase):
    def setUp(self) -> None:
        self.login(self.reporter_a)
        self.save_url = reverse("reporting:save_cells", args=[self.period.pk, self.commune_a.code])
        self.import_url = reverse("reporting:import_xlsx", args=[self.period.pk, self.commune_a.code])
        self.confirm_url = reverse("reporting:import_confirm", args=[self.period.pk, self.commune_a.code])
        export = reverse("reporting:export_xlsx", args=[self.period.pk, self.commune_a.code])
        self.workbook = self.client.get(export).content

    def stored(self) -> object:
        row = DataValue.objects.filter(element__code="SPENT").first()
        return None if row is None else row.value.normalize()

    def on_the_web(self, text: str) -> tuple[bool, object]:
        DataValue.objects.all().delete()
        cells = [{"name": "v:SPENT:::::", "value": text, "version": 0}]
        body = json.dumps({"cells": cells})
        answer = self.client.post(self.save_url, body, content_type="application/json")
        return answer.json()["cells"][0]["status"] == "saved", self.stored()

    def from_excel(self, text: str) -> tuple[bool, object]:
        DataValue.objects.all().delete()
        data = fill(self.workbook, [("SPENT", {}, text)])  # a text cell, as typed
        preview = self.client.post(self.import_url, {"file": SimpleUploadedFile("bao-cao.xlsx", data)})
        if preview.status_code == 302:  # the file holds what the report holds (an empty cell): accepted
            return True, self.stored()
        if preview.status_code != 200:
            return False, self.stored()  # refused: nothing written
        # The preview writes nothing; the confirmation writes what it showed.
        self.assertIsNone(self.stored())
        shown = {"token": preview.context["token"], "plan": preview.context["plan"].fingerprint()}
        confirm = self.client.post(self.confirm_url, shown)
        return confirm.status_code == 302, self.stored()

    def on_the_api(self, text: str) -> tuple[bool, object]:
        DataValue.objects.all().delete()
        cells = [{"element": "SPENT", "typed": text, "version": 0}]
        body = {"period": self.period.code, "unit": self.commune_a.code, "cells": cells}
        answer = self.client.post("/api/v1/values/", body, content_type="application/json")
        return answer.status_code == 200, self.stored()

    def test_the_web_excel_and_the_api_read_a_typed_number_alike(self) -> None:
        # Each example starts from an empty report (both paths delete what the last one saved).
        @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(text=st.one_of(typed_numbers(), ODD))
        def same(text: str) -> None:
            web, excel, api = self.on_the_web(text), self.from_excel(text), self.on_the_api(text)
            self.assertEqual(web, excel, repr(text))
            self.assertEqual(web, api, repr(text))
            if not web[0]:
                self.assertIsNone(web[1])  # refused: nothing saved, on either path

        same()

    def test_the_ambiguous_forms_read_the_vietnamese_way_on_both(self) -> None:
        for text, value in (("1.234", "1234"), ("1,234", "1.234"), ("1.234,5", "1234.5"), ("12.5", "12.5")):
            with self.subTest(text=text):
                self.assertEqual(self.on_the_web(text), (True, Decimal(value)))
                self.assertEqual(self.from_excel(text), (True, Decimal(value)))
                self.assertEqual(self.on_the_api(text), (True, Decimal(value)))
