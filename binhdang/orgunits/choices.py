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
