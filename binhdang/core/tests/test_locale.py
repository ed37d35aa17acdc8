import ast
import datetime
from collections import Counter
from decimal import Decimal
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.template import Context, Template
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from binhdang.core.tests.helpers import PersonaTestCase


class FormatTests(SimpleTestCase):
    def render(self, source: str, **context: object) -> str:
        return Template("{% load l10n %}" + source).render(Context(context))

    def test_dates_read_day_month_year(self) -> None:
        with translation.override("vi"):
            self.assertEqual(self.render("{{ d }}", d=datetime.date(2026, 12, 5)), "05/12/2026")

    def test_numbers_are_written_as_in_vietnam(self) -> None:
        with translation.override("vi"):
            self.assertEqual(self.render("{{ n }}", n=Decimal("1234.5")), "1.234,5")
            self.assertEqual(self.render("{{ n }}", n=1234567), "1.234.567")

    def test_english_keeps_day_first_dates(self) -> None:
        with translation.override("en"):
            self.assertEqual(self.render("{{ d }}", d=datetime.date(2026, 12, 5)), "05/12/2026")
            self.assertEqual(self.render("{{ n }}", n=Decimal("1234.5")), "1,234.5")

    def test_datetimes_are_shown_in_hanoi_time(self) -> None:
        moment = datetime.datetime(2026, 12, 15, 16, 59, tzinfo=datetime.UTC)
        with translation.override("vi"):
            self.assertEqual(self.render("{{ m }}", m=moment), "23:59 15/12/2026")


class CatalogueTests(SimpleTestCase):
    def test_every_vietnamese_message_is_translated(self) -> None:
        po_path = Path(settings.BASE_DIR) / "binhdang/locale/vi/LC_MESSAGES/django.po"
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        missing = [
            m.id
            for m in catalog
            if m.id
            and (not m.string or m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
        ]
        self.assertEqual(missing, [])
        self.assertGreater(len(catalog), 100)

    def test_no_message_is_written_twice(self) -> None:
        """Entries are added by hand at the end of the file: a second copy of a msgid would be merged
        silently by the compiler, one translation winning over the other."""
        po_path = Path(settings.BASE_DIR) / "binhdang/locale/vi/LC_MESSAGES/django.po"
        keys: Counter[tuple[str | None, str]] = Counter()
        context, msgid, reading = None, "", False
        for line in po_path.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgctxt "):
                context = ast.literal_eval(line[len("msgctxt ") :])
            elif line.startswith("msgid "):
                msgid, reading = ast.literal_eval(line[len("msgid ") :]), True
            elif line.startswith('"') and reading:
                msgid += ast.literal_eval(line)
            elif line.startswith(("msgstr", "msgid_plural")) and reading:
                keys[(context, msgid)] += 1
                context, reading = None, False
        self.assertEqual([key for key, count in keys.items() if count > 1], [])
        self.assertGreater(len(keys), 100)


class LanguageSwitchTests(PersonaTestCase):
    def test_a_user_switches_to_english_and_back(self) -> None:
        self.login(self.reporter_a)
        response = self.client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
        self.assertContains(response, "Hello, Hoàng Văn Minh")
        self.assertContains(response, '<html lang="en">', html=False)
        response = self.client.post(reverse("set_language"), {"language": "vi", "next": "/"}, follow=True)
        self.assertContains(response, "Xin chào, Hoàng Văn Minh")


class VietnameseFirstTests(PersonaTestCase):
    def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(self) -> None:
        response = self.client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "Tên đăng nhập")
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "Username")
