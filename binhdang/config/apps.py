"""Third-party apps under the names the admin shows (INSTALLED_APPS points at these configs).

django-axes gives its app no verbose name, so the admin index showed "Axes"; its models' and
fields' names go through gettext in English and have no Vietnamese catalogue of their own, so they
are translated in ours (binhdang/locale/vi). `THIRD_PARTY_MESSAGES` names them here so that
`make messages` keeps those entries.
"""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

THIRD_PARTY_MESSAGES = [
    # django-axes: models, fields and admin labels
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Time"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    # Django's admin: its Vietnamese reads "Các mô models trong …"
    gettext_noop("Models in the %(name)s application"),
]


class AxesConfig(BaseAxesConfig):
    """django-axes (login lockout), named in the user's language."""

    verbose_name = _("Login protection")
