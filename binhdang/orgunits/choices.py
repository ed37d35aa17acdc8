from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgUnitKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Province / centrally-run city")
    DEPARTMENT = "department", _("Department")
    AGENCY = "agency", _("Agency")
    MASS_ORG = "mass_org", _("Socio-political organisation")
    CENTRAL_AGENCY = "central_agency", _("Central agency in the province")
    MEDIA = "media", _("Press and media")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    COMMUNE_BODY = "commune_body", _("Commune body")  # a commune's own office or organisation


# Kinds of unit in the register's order (tables list them so: country, ministries, provinces, …).
KIND_ORDER = {kind: index for index, kind in enumerate(OrgUnitKind.values)}


_KIND_LABELS = dict(OrgUnitKind.choices)  # lazy labels: translated when shown


def kind_label(kind: str) -> str:
    """A kind of unit's name in the active language (the code itself for an unknown kind)."""
    return str(_KIND_LABELS.get(kind, kind))


def kind_rank(kind: str) -> int:
    """A kind's place in KIND_ORDER; an unknown kind comes last."""
    return KIND_ORDER.get(kind, len(KIND_ORDER))


LOCAL_KINDS = frozenset({OrgUnitKind.COMMUNE, OrgUnitKind.WARD, OrgUnitKind.SPECIAL_ZONE})
PROVINCIAL_BODY_KINDS = frozenset(
    {
        OrgUnitKind.DEPARTMENT,
        OrgUnitKind.AGENCY,
        OrgUnitKind.MASS_ORG,
        OrgUnitKind.CENTRAL_AGENCY,
        OrgUnitKind.MEDIA,
    }
)
