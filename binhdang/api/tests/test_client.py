"""A real DHIS2 client library from PyPI (dhis2-client, the HISP Centre's) against the live test
server: it reads a commune's data value set for 2026, posts it back with one value changed, and the
import summary says 1 updated and the rest ignored; the report form then shows the new figure."""

from __future__ import annotations

from typing import Any

import pytest
from dhis2_client import DHIS2Client, DHIS2HTTPError
from django.test import Client
from django.urls import reverse

from binhdang.api.services import do_create_token
from binhdang.api.tests.helpers import fill
from binhdang.core.tests.helpers import PASSWORD
from binhdang.reporting.grid import cell_name
from binhdang.reporting.spec import make_key
from binhdang.reporting.tests.helpers import make_form


@pytest.fixture
def world(personas: dict[str, Any]) -> dict[str, Any]:
    period = make_form()
    reporter = personas["reporter_a"]
    unit = reporter.memberships.get().unit
    fill(period, unit, reporter)
    return {"period": period, "unit": unit, "reporter": reporter}


def test_a_dhis2_client_reads_changes_one_value_and_posts_back(
    live_server: Any, world: dict[str, Any]
) -> None:
    unit, reporter = world["unit"], world["reporter"]
    client = DHIS2Client(live_server.url, username=reporter.username, password=PASSWORD, retries=0)
    assert client.get_system_info()["version"]
    me = client.get_current_user()
    assert me["organisationUnits"][0]["code"] == unit.code

    found = client.get(
        "/api/organisationUnits", params={"filter": f"code:eq:{unit.code}", "fields": "id,code"}
    )
    ou = found["organisationUnits"][0]["id"]
    data_set = client.get_data_sets(fields="id,code", filter="code:eq:TEST")
    data_set_id = next(iter(data_set))["id"]

    values = client.get_data_value_set({"dataSet": data_set_id, "orgUnit": ou, "period": "2026"})
    assert values["orgUnit"] == ou and values["period"] == "2026"
    assert len(values["dataValues"]) == 7
    officials_f = next(v for v in values["dataValues"] if v["value"] == "3")
    officials_f["value"] = "4"

    summary = client.post_data_value_set(values)
    assert summary["response"]["importCount"] == {"imported": 0, "updated": 1, "ignored": 6, "deleted": 0}
    assert summary["response"]["conflicts"] == []
    again = client.post_data_value_set(values)
    assert again["response"]["importCount"]["ignored"] == 7
    client.close()  # before the live server shuts down, so that it closes no open connection

    # The report form shows the change.
    browser = Client()
    browser.force_login(reporter)
    page = browser.get(reverse("reporting:entry", args=[world["period"].pk, unit.code]))
    html = page.content.decode()
    name = cell_name("OFFICIALS", make_key(sex="F"))
    position = html.index(f'name="{name}"')
    tag = html[html.rfind("<input", 0, position) : html.index(">", position)]
    assert 'value="4"' in tag, tag


def test_a_dhis2_client_with_a_token_and_a_refused_import(live_server: Any, world: dict[str, Any]) -> None:
    _token, raw = do_create_token(world["reporter"], "dhis2-client", 7, acting_user=world["reporter"])
    client = DHIS2Client(live_server.url, token=raw, retries=0)
    body = {
        "period": "2026",
        "orgUnit": world["unit"].code,
        "dataValues": [{"dataElement": "SPENT", "value": "nhiều"}],
    }
    with pytest.raises(DHIS2HTTPError) as refused:
        client.post("/api/dataValueSets", params={"idScheme": "code"}, json=body)
    client.close()
    assert refused.value.status_code == 409
    assert "SPENT" in str(refused.value)
