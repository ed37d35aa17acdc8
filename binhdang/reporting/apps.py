from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from binhdang.reporting.partitions import ensure_partition  # imports no model: safe before apps are ready


def _partition_for_new_period(
    sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        ensure_partition(instance.pk)


class ReportingConfig(AppConfig):
    name = "binhdang.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        post_save.connect(
            _partition_for_new_period, sender="reporting.ReportingPeriod", dispatch_uid="reporting-partition"
        )
