import os
import subprocess
import sys
from pathlib import Path

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
                env.env_bool("BD_TEST_FLAG", False)
        finally:
            del os.environ["BD_TEST_FLAG"]

    def test_a_secret_can_come_from_a_file(self) -> None:
        path = ROOT / "var" / "test-secret.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("s3cret\n")
        os.environ["BD_TEST_SECRET_FILE"] = str(path)
        try:
            self.assertEqual(env.env_str("BD_TEST_SECRET"), "s3cret")
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


class ProductionProfileTests(SimpleTestCase):
    production = {
        "BINHDANG_ENV": "production",
        "SECRET_KEY": "x7#kP2!vQ9zL4@mN8$wR1^tY6&uI3*oA5(sD0)fG-hJ=kL+zX/cV.bN,mQ",
        "ALLOWED_HOSTS": "binhdang.thainguyen.gov.vn",
        "DATABASE_URL": "sqlite:///:memory:",
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
