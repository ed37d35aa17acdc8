"""Every page a demo persona can reach shows people words, never the program's: no element or
indicator code (CMT_MEMBERS, _UNITS), no bare task code (a header or link reading only "IV.14.1"),
no Python repr. The test loads the demo as `manage.py load_demo` does and follows every link from
each persona's home page (at most a few pages per view, so that a list of a thousand units is not
walked a thousand times)."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import Resolver404, resolve

from binhdang.accounts.models import User
from binhdang.demo.personas import personas
from binhdang.orgunits.models import OrgUnit

PER_VIEW = 2  # distinct URLs visited for each view (name)
PER_PERSONA = 60  # pages at most for one persona
SKIPPED = ("/admin/", "/i18n/", "/accounts/logout/", "/static/", "/media/")
# Views that answer a file (a workbook, a letter, evidence): not pages, and slow to make.
FILES = {
    "documents:reminder_letter",
    "reporting:export_xlsx",
    "plans:evidence_download",
    "documents:job_download",
}

# What a person must never read on a page.
# CMT_MEMBERS, _UNITS
CODE = re.compile(r"(?<![\w.-])(?:_[A-Z][A-Z0-9]+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w.-])")
# gbv_supervisor, feedback_intake: a stored choice's value instead of its label
CHOICE_VALUE = re.compile(r"(?<![\w.@/:-])[a-z]+(?:_[a-z0-9]+)+(?![\w.@/:-])")
TASK_CODE = re.compile(r"^[IVX]+(?:\.\d+)+\.?$")  # IV.14.1 standing alone
REPR = re.compile(r"<[\w.]+ object at 0x|\bQuerySet \[|\bDecimal\('|\bdatetime\.date\(|\{'\w+': |\[\('")


INLINE = frozenset({"span", "strong", "em", "small", "abbr", "code", "b", "i", "mark", "sup", "sub", "time"})


class VisibleText(HTMLParser):
    """The text a person reads (no script, style or attribute), block by block (a cell, an item, a
    heading, a link's words), and the links. Inline markup inside a block does not split it, so a
    code shown beside its text ("<span>IV.14.1</span> Tổ chức …") is not a bare code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.hidden = 0
        self.stack: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag not in INLINE:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.hidden -= 1
        if tag not in INLINE:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.texts.append(text)
        self.current = []


def problems(html: str) -> tuple[list[str], list[str]]:
    reader = VisibleText()
    reader.feed(html)
    reader.flush()
    found = []
    for text in reader.texts:
        if CODE.search(text) or CHOICE_VALUE.search(text) or TASK_CODE.match(text) or REPR.search(text):
            found.append(text[:160])
    return found, reader.links


class NoInternalCodeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", verbosity=0)

    def crawl(self, user: User) -> tuple[dict[str, list[str]], int]:
        client = Client()
        client.force_login(user)
        seen: set[str] = set()
        per_view: Counter[str] = Counter()
        queue = deque(["/"])
        found: dict[str, list[str]] = {}
        visited = 0
        while queue and visited < PER_PERSONA:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            try:
                view = resolve(urlsplit(url).path).view_name
            except Resolver404:
                continue
            if per_view[view] >= PER_VIEW or view in FILES or "format=" in url:
                continue
            per_view[view] += 1
            response = client.get(url)
            visited += 1
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            bad, links = problems(response.content.decode())
            if bad:
                found[url] = bad
            for link in links:
                link = urldefrag(link)[0]
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                    continue  # another site, mailto:, tel:, an anchor on this page
                if parts.path.startswith(SKIPPED):
                    continue
                queue.append(link)
        return found, visited

    def test_no_page_shows_an_internal_code_to_any_persona(self) -> None:
        for persona in personas():
            user = User.objects.get(username=persona.username)
            with self.subTest(persona=persona.username):
                found, visited = self.crawl(user)
                self.assertGreater(visited, 3)
                self.assertEqual(found, {})

    def test_the_detector_finds_what_it_looks_for(self) -> None:
        page = (
            "<h2>CMT_MEMBERS: Số thành viên</h2><p>Tỷ lệ E(X)/_UNITS</p><th>IV.14.1</th>"
            "<td>&lt;Plan object at 0x7f&gt;</td><script>const A_B = 1;</script>"
            '<input value="STAFF_FULLTIME"><p>Kế hoạch số 12/KH-UBND, mục IV.14.1: tổ chức…</p>'
        )
        found, _links = problems(page)
        self.assertEqual(
            found, ["CMT_MEMBERS: Số thành viên", "Tỷ lệ E(X)/_UNITS", "IV.14.1", "<Plan object at 0x7f>"]
        )

    def test_the_demo_units_have_their_contacts(self) -> None:
        dai_tu = OrgUnit.objects.get(name="Xã Đại Từ")
        self.assertEqual(dai_tu.head_name, "Lường Thị Lan, Chủ tịch UBND xã")
        self.assertEqual(dai_tu.contact_person, "Hoàng Văn Minh, Công chức Văn hóa - Xã hội")
        self.assertTrue(dai_tu.phone and dai_tu.email)
