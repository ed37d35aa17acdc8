from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo personas and `manage.py load_demo`: the top layer, above every domain app."""

    name = "binhdang.demo"
    label = "demo"
    verbose_name = _("Demo")
