from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GbvConfig(AppConfig):
    name = "binhdang.gbv"
    label = "gbv"
    verbose_name = _("GBV case register")
