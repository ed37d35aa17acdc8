from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    name = "binhdang.synthetic"
    label = "synthetic"
    verbose_name = _("Synthetic data")
