import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from binhdang.config import env

ROOT = Path(settings.BASE_DIR)


def manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=keep | environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class EnvParsingTests(SimpleTestCase):
    def test_a_bad_boolean_names_the_variable(self) -> None:
        os.environ["BD_TEST_FLAG"] = "maybe"
        try:
            with self.assertRaisesMessage(ImproperlyConfigured, "BD_TEST_FLAG='maybe' is not a boolean"):
                env.env.bool("BD_TEST_FLAG", False)
        finally:
            del os.environ["BD_TEST_FLAG"]

    def test_a_secret_can_come_from_a_file(self) -> None:
        path = ROOT / "var" / "test-secret.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("s3cret\n")
        os.environ["BD_TEST_SECRET_FILE"] = str(path)
        try:
            self.assertEqual(env.env.str("BD_TEST_SECRET"), "s3cret")
        finally:
            del os.environ["BD_TEST_SECRET_FILE"]
            path.unlink()

    def test_email_urls(self) -> None:
        smtp = env.parse_email_url("EMAIL_URL", "smtp+tls://user%40x:p%40ss@mail.example.vn:2525")
        self.assertEqual(
            (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]),
            ("mail.example.vn", 2525, "user@x", "p@ss"),
        )
        self.assertTrue(smtp["EMAIL_USE_TLS"])
        console = env.parse_email_url("EMAIL_URL", "consolemail://")
        self.assertEqual(console["EMAIL_BACKEND"], "django.core.mail.backends.console.EmailBackend")
        with self.assertRaisesMessage(ImproperlyConfigured, "unknown scheme 'pop3'"):
            env.parse_email_url("EMAIL_URL", "pop3://x")


class EnvLibraryTests(SimpleTestCase):
    """What binhdang.config.env adds to django-environ: fail-fast names, secrets files, our schemes."""

    def read(self, method: str, *args: object, **environ: str) -> object:
        with mock.patch.dict(os.environ, environ):
            return getattr(env.env, method)(*args)

    def refused(self, message: str, method: str, *args: object, **environ: str) -> None:
        with self.assertRaisesMessage(ImproperlyConfigured, message):
            self.read(method, *args, **environ)

    def test_booleans_integers_and_lists(self) -> None:
        for word, expected in [("true", True), ("On", True), ("1", True), ("no", False), ("0", False)]:
            self.assertIs(
                self.read("bool", "BD_TEST", True if not expected else False, BD_TEST=word), expected
            )
        self.assertIs(self.read("bool", "BD_TEST_UNSET", True), True)
        self.assertEqual(self.read("int", "BD_TEST", 5, BD_TEST=" 60 "), 60)
        self.assertEqual(self.read("int", "BD_TEST", 5, BD_TEST=""), 5)
        self.refused("BD_TEST='10m' is not a whole number.", "int", "BD_TEST", 5, BD_TEST="10m")
        self.refused("Set the BD_TEST_UNSET environment variable.", "int", "BD_TEST_UNSET")
        hosts = self.read("list", "BD_TEST", BD_TEST=" a.gov.vn, b.gov.vn,,")
        self.assertEqual(hosts, ["a.gov.vn", "b.gov.vn"])

    def test_a_value_beginning_with_a_dollar_is_not_a_reference(self) -> None:
        self.assertEqual(self.read("str", "BD_TEST", BD_TEST="$ecret", ecret="other"), "$ecret")

    def test_a_secret_file_wins_and_an_unreadable_one_is_named(self) -> None:
        path = ROOT / "var" / "test-secret-2.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("from-file\n")
        try:
            self.assertEqual(
                self.read("str", "BD_TEST", BD_TEST="plain", BD_TEST_FILE=str(path)), "from-file"
            )
        finally:
            path.unlink()
        self.refused(
            "BD_TEST_FILE='/nonexistent/secret' cannot be read",
            "str",
            "BD_TEST",
            **{"BD_TEST_FILE": "/nonexistent/secret"},
        )

    def test_database_urls(self) -> None:
        postgres = self.read(
            "db_url",
            "DATABASE_URL",
            DATABASE_URL="postgres://bd:p%40ss@db.internal:5432/binhdang?sslmode=require",
        )
        self.assertEqual(
            (postgres["ENGINE"], postgres["HOST"], postgres["PORT"], postgres["NAME"], postgres["PASSWORD"]),
            ("django.db.backends.postgresql", "db.internal", 5432, "binhdang", "p@ss"),
        )
        self.assertEqual(postgres["OPTIONS"], {"sslmode": "require"})
        socket = self.read(
            "db_url", "DATABASE_URL", DATABASE_URL="postgres://bd@%2Frun%2Fpostgresql/binhdang"
        )
        self.assertEqual(socket["HOST"], "/run/postgresql")
        sqlite = self.read("db_url", "DATABASE_URL", "sqlite:////tmp/default.sqlite3", DATABASE_URL="")
        self.assertEqual(
            (sqlite["ENGINE"], sqlite["NAME"]), ("django.db.backends.sqlite3", "/tmp/default.sqlite3")
        )
        self.refused(
            "DATABASE_URL='mongodb://bd:***@x/db': unknown scheme 'mongodb'",
            "db_url",
            DATABASE_URL="mongodb://bd:secret@x/db",
        )
        self.refused(
            "DATABASE_URL='sqlite://var/db.sqlite3' cannot be read",
            "db_url",
            DATABASE_URL="sqlite://var/db.sqlite3",
        )

    def test_email_urls_through_the_library(self) -> None:
        ports = {
            scheme: env.parse_email_url("EMAIL_URL", f"{scheme}://mail.example.vn")["EMAIL_PORT"]
            for scheme in ("smtp", "smtp+tls", "smtp+ssl")
        }
        self.assertEqual(ports, {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465})
        ssl = env.parse_email_url("EMAIL_URL", "smtp+ssl://mail.example.vn?timeout=10")
        self.assertEqual(
            (ssl["EMAIL_USE_SSL"], ssl["EMAIL_USE_TLS"], ssl["EMAIL_TIMEOUT"]), (True, False, 10)
        )
        self.assertEqual(
            env.parse_email_url("EMAIL_URL", "filemail:///var/mail/binhdang")["EMAIL_FILE_PATH"],
            "/var/mail/binhdang",
        )
        for scheme, backend in [("memorymail", "locmem"), ("dummymail", "dummy"), ("consolemail", "console")]:
            self.assertEqual(
                env.parse_email_url("EMAIL_URL", f"{scheme}://")["EMAIL_BACKEND"],
                f"django.core.mail.backends.{backend}.EmailBackend",
            )
        for url, message in [
            ("smtp://", "the SMTP host is missing"),
            ("smtp://mail.example.vn:25x", "the port is not a number"),
            (
                "smtp://u:secret@mail.example.vn?timeout=soon",
                "EMAIL_URL='smtp://u:***@mail.example.vn?timeout=soon'",
            ),
            ("smtp://mail.example.vn?tls=1", "tls is not an option; use timeout"),
            ("smtps://mail.example.vn", "unknown scheme 'smtps'"),
        ]:
            with self.subTest(url), self.assertRaisesMessage(ImproperlyConfigured, message):
                env.parse_email_url("EMAIL_URL", url)

    def test_cache_urls(self) -> None:
        redis = self.read("cache_url", "CACHE_URL", CACHE_URL="rediss://:pw@cache.internal:6380/1")
        self.assertEqual(
            redis,
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "rediss://:pw@cache.internal:6380/1",
            },
        )
        unix = self.read("cache_url", "CACHE_URL", CACHE_URL="unix:///run/redis.sock?db=1")
        self.assertEqual(unix["LOCATION"], "unix:///run/redis.sock?db=1")
        self.refused(
            "CACHE_URL must be a redis://, rediss:// or unix:// address",
            "cache_url",
            CACHE_URL="memcache://x",
        )


class ProductionProfileTests(SimpleTestCase):
    production = {
        "BINHDANG_ENV": "production",
        "SECRET_KEY": "x7#kP2!vQ9zL4@mN8$wR1^tY6&uI3*oA5(sD0)fG-hJ=kL+zX/cV.bN,mQ",
        "ALLOWED_HOSTS": "binhdang.thainguyen.gov.vn",
        "DATABASE_URL": "sqlite:///:memory:",
        "GBV_KEYS": "cgEzFRq7kTjuXBpgA_EAsllheubmrGUYF4iyzRsHLeA=",  # the GBV register\'s key
    }

    def test_check_deploy_finds_no_issue(self) -> None:
        result = manage("check", "--deploy", "--fail-level", "WARNING", **self.production)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_production_refuses_to_start_without_a_secret_key(self) -> None:
        environ = dict(self.production)
        del environ["SECRET_KEY"]
        result = manage("check", **environ)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)

    def test_production_refuses_debug(self) -> None:
        result = manage("check", DEBUG="true", **self.production)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG must not be true", result.stderr)

    def test_a_malformed_database_url_is_named(self) -> None:
        result = manage("check", DATABASE_URL="nosuchdb://x")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DATABASE_URL", result.stderr)

    def test_the_cache_is_redis_when_asked_and_a_wrong_address_is_named(self) -> None:
        shown = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
        redis = manage("shell", "-c", shown, CACHE_URL="redis://127.0.0.1:6379/1")
        self.assertEqual(redis.stdout.strip().splitlines()[-1], "django.core.cache.backends.redis.RedisCache")
        self.assertIn("LocMemCache", manage("shell", "-c", shown).stdout)
        wrong = manage("check", CACHE_URL="http://127.0.0.1:6379")
        self.assertNotEqual(wrong.returncode, 0)
        self.assertIn("CACHE_URL", wrong.stderr)
