"""The Celery application. Workers: `celery -A binhdang.config worker`; beat: `… beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "binhdang.config.settings")

app = Celery("binhdang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
