"""Production refuses to start without the register's keys."""

from __future__ import annotations

from django.test import SimpleTestCase

from binhdang.core.tests import test_settings as core_settings


class GbvKeysTests(SimpleTestCase):
    def test_production_refuses_to_start_without_gbv_keys(self):
        environ = dict(core_settings.ProductionProfileTests.production)
        del environ["GBV_KEYS"]
        result = core_settings.manage("check", **environ)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("GBV_KEYS must be set", result.stderr)
