"""Two people filling the same report, on the entry page's own paths (autosave, the JavaScript Save
button, the plain form without JavaScript, reloads), interleaved every way hypothesis finds: no
value is ever lost. A write replaces only a value its author had read (the version it carried is
the version it replaced); every acknowledged save is in the database until someone who read it
replaces it; every cell sent gets an answer; a page that took the server's answers never
conflicts with itself."""

import json
import re

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.tests.helpers import ReportTestCase

CELLS = ["v:OFFICIALS:F::::", "v:OFFICIALS:M::::", "v:SPENT:::::"]
TYPED = st.sampled_from(["", "1", "2", "3", "1.500", "mười"])
USERS = st.sampled_from([0, 1])


class Page:
    """What one person's browser holds: the values shown, the versions read, what is not sent yet."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.shown: dict[str, str] = {}
        self.version: dict[str, int] = {}
        self.dirty: dict[str, str] = {}
        self.others_wrote: set[str] = set()  # cells another person saved since this page read them


class TwoEditors(RuleBasedStateMachine):
    case: ReportTestCase

    @initialize()
    def open_pages(self) -> None:
        case = self.case
        DataValue.objects.all().delete()
        Submission.objects.all().delete()
        self.entry = reverse("reporting:entry", args=[case.period.pk, case.commune_a.code])
        self.save_url = reverse("reporting:save_cells", args=[case.period.pk, case.commune_a.code])
        self.pages = []
        for user in (case.reporter_a, case.head_a):
            client = Client()
            client.force_login(user)
            page = Page(client)
            self.reload_page(page)
            self.pages.append(page)

    # --- what the database holds ---------------------------------------------------------------
    def stored(self) -> dict[str, tuple[str, int]]:
        out = {name: ("", 0) for name in CELLS}
        for row in DataValue.objects.select_related("element"):
            name = "v:" + row.element.code + ":" + ":".join(row.key)
            out[name] = (str(row.value.normalize()) if row.value is not None else "", row.version)
        return out

    def check_writes(self, writer: Page, before: dict, sent_versions: dict[str, int]) -> None:
        after = self.stored()
        for name in CELLS:
            if after[name] == before[name]:
                continue
            # A change happened: its author read the version it replaced.
            assert name in sent_versions, f"{name} changed although it was not sent"
            assert sent_versions[name] == before[name][1], (
                f"{name}: version {before[name][1]} replaced by a write that read {sent_versions[name]}"
            )
            for page in self.pages:
                if page is not writer:
                    page.others_wrote.add(name)

    def reload_page(self, page: Page) -> None:
        html = page.client.get(self.entry).content.decode()
        for name in CELLS:
            tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html).group(0)
            page.shown[name] = re.search(r'value="([^"]*)"', tag).group(1)
            page.version[name] = int(re.search(r'data-version="(\d+)"', tag).group(1))
        page.dirty.clear()
        page.others_wrote.clear()

    # --- what people do ------------------------------------------------------------------------
    @rule(who=USERS, cell=st.sampled_from(CELLS), typed=TYPED)
    def type_into_a_cell(self, who: int, cell: str, typed: str) -> None:
        page = self.pages[who]
        page.shown[cell] = typed
        page.dirty[cell] = typed

    @rule(who=USERS)
    def autosave_or_save_button(self, who: int) -> None:
        """entry.js: only the cells changed, each with the version the page holds."""
        page = self.pages[who]
        if not page.dirty:
            return
        sent = {name: page.version[name] for name in page.dirty}
        cells = [{"name": n, "value": v, "version": page.version[n]} for n, v in page.dirty.items()]
        before = self.stored()
        response = page.client.post(
            self.save_url, json.dumps({"cells": cells}), content_type="application/json"
        )
        assert response.status_code == 200
        answers = {cell["name"]: cell for cell in response.json()["cells"]}
        assert set(answers) == set(sent), "every cell sent gets an answer"
        self.check_writes(page, before, sent)
        after = self.stored()
        for name, answer in answers.items():
            if answer["status"] == "conflict":
                assert name in page.others_wrote, "a page that kept the server's versions met itself"
                page.others_wrote.discard(name)  # the page now holds their version, and its own value
            elif answer["status"] == "saved":
                assert answer["version"] == after[name][1]  # the acknowledged save is there
                page.others_wrote.discard(name)
            page.version[name] = answer["version"]  # entry.js keeps the versions current
            page.dirty.pop(name, None)

    @rule(who=USERS)
    def plain_form_post(self, who: int) -> None:
        """Without JavaScript: every cell is posted with the version the page read."""
        page = self.pages[who]
        data = {}
        for name in CELLS:
            data[name] = page.shown[name]
            data["ver:" + name[2:]] = str(page.version[name])
        sent = dict(page.version)
        before = self.stored()
        page.client.post(self.entry, data)
        self.check_writes(page, before, sent)
        self.reload_page(page)  # the form answers with the page again

    @rule(who=USERS)
    def reload(self, who: int) -> None:
        self.reload_page(self.pages[who])

    @invariant()
    def every_acknowledged_value_is_stored(self) -> None:
        # The database holds exactly what the last acknowledged writes left: each page that has
        # nothing pending and was told of no other writer shows what is stored.
        if not hasattr(self, "pages"):
            return
        stored = self.stored()
        for page in self.pages:
            for name in CELLS:
                if name in page.dirty or name in page.others_wrote:
                    continue
                assert page.version[name] == stored[name][1], (name, page.version[name], stored[name])


class InterleavingTests(ReportTestCase):
    def test_two_editors_never_lose_a_value(self) -> None:
        TwoEditors.case = self
        run_state_machine_as_test(
            TwoEditors,
            settings=settings(
                max_examples=40,
                stateful_step_count=12,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
