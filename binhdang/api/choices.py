"""The API's vocabularies: token settings, DHIS2's import strategies and id schemes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A token as the user copies it: "bd_" + 8 characters of prefix (stored, to find the row) + "_" + secret.
TOKEN_PREFIX = "bd_"
TOKEN_LOOKUP_LENGTH = 8
TOKEN_SECRET_BYTES = 32
# How long a new token lives unless the user chooses otherwise, and at most.
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 366
MAX_TOKENS_PER_USER = 20


class ImportStrategy(models.TextChoices):
    """DHIS2's importStrategy of a data value set."""

    CREATE_AND_UPDATE = "CREATE_AND_UPDATE", _("Create and update")
    CREATE = "CREATE", _("Create only")
    UPDATE = "UPDATE", _("Update only")
    DELETE = "DELETE", _("Delete")


class IdScheme(models.TextChoices):
    """How objects are named in an exchange file: DHIS2 UIDs (ours are derived from codes) or codes."""

    UID = "UID", "UID"
    CODE = "CODE", "CODE"
