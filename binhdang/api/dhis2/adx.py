"""ADX (IHE QRPH Aggregate Data Exchange, urn:ihe:qrph:adx:2015): the same data values as
dataValueSets, grouped by unit, period and data set, with the period as a start and a duration
("2026-01-01/P1Y") and a cell's breakdown as attributes named by our dimension codes
(`<dataValue dataElement="OFFICIALS" sex="F" value="3"/>`). ADX carries numbers: text cells go
through JSON or CSV. Every message read is first validated against data/adx.xsd, parsed with
entities and external references refused (xmlschema's defuse="always")."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import xmlschema
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.api.dhis2.exchange import MAX_VALUES, FileError, Incoming
from binhdang.api.dhis2.ids import adx_period, from_adx_period
from binhdang.indicators.choices import DIMENSIONS

NAMESPACE = "urn:ihe:qrph:adx:2015"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "adx.xsd"
_GROUP_FIELDS = {"orgUnit", "period", "dataSet", "completeDate"}
_VALUE_FIELDS = {"dataElement", "value"}
_schema: xmlschema.XMLSchema | None = None


def schema() -> xmlschema.XMLSchema:
    global _schema  # noqa: PLW0603 (read once per process)
    if _schema is None:
        _schema = xmlschema.XMLSchema(str(SCHEMA_FILE))
    return _schema


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def write_adx(groups: Iterable[tuple[dict[str, str], list[dict[str, str]]]]) -> bytes:
    """groups: (orgUnit, period (DHIS2), dataSet) attributes and their data values (dataElement,
    value, the dimension options, comment) -> the ADX message."""
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(_q("adx"), {"exported": timezone.now().replace(microsecond=0).isoformat()})
    for head, values in groups:
        if not values:
            continue
        attributes = dict(head)
        attributes["period"] = adx_period(head["period"]) or head["period"]
        group = ElementTree.SubElement(root, _q("group"), attributes)
        for value in values:
            attrs = {k: v for k, v in value.items() if k != "comment" and v != ""}
            element = ElementTree.SubElement(group, _q("dataValue"), attrs)
            if value.get("comment"):
                ElementTree.SubElement(element, _q("annotation")).text = value["comment"]
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def validation_errors(body: bytes) -> list[str]:
    """What is wrong with the message against the ADX schema, each with its place; [] when valid."""
    try:
        resource = xmlschema.XMLResource(body, defuse="always")
    except (xmlschema.XMLResourceError, ElementTree.ParseError, ValueError) as exc:
        return [_("The file is not XML that can be read: %(error)s") % {"error": exc}]
    errors = []
    for error in schema().iter_errors(resource):
        line = getattr(error, "sourceline", None)
        place = _("line %(line)d") % {"line": line} if line else (error.path or "")
        errors.append(f"{place}: {error.reason}")
        if len(errors) >= 20:
            break
    return errors


def read_adx(body: bytes) -> tuple[dict[str, str], list[Incoming]]:
    errors = validation_errors(body)
    if errors:
        raise FileError(
            _("The ADX message does not follow the ADX schema: %(errors)s") % {"errors": "; ".join(errors)}
        )
    root = xmlschema.XMLResource(body, defuse="always").root
    rows: list[Incoming] = []
    for group_number, group in enumerate(root.iter(_q("group")), start=1):
        head: dict[str, Any] = dict(group.attrib)
        unknown = set(head) - _GROUP_FIELDS
        if unknown:
            raise FileError(
                _(
                    "group %(n)d: the attribute(s) %(names)s are not supported (no attribute option "
                    "combinations here)."
                )
                % {"n": group_number, "names": ", ".join(sorted(unknown))}
            )
        period = from_adx_period(head["period"]) or head["period"]
        for value_number, value in enumerate(group.iter(_q("dataValue")), start=1):
            if len(rows) >= MAX_VALUES:
                raise FileError(_("The file has more than %(max)d values: split it.") % {"max": MAX_VALUES})
            attrs = dict(value.attrib)
            where = _("group %(group)d, dataValue %(value)d") % {"group": group_number, "value": value_number}
            options = {k: v for k, v in attrs.items() if k not in _VALUE_FIELDS}
            unknown = set(options) - set(DIMENSIONS)
            if unknown:
                raise FileError(
                    _("%(where)s: %(names)s is not a dimension (%(known)s).")
                    % {"where": where, "names": ", ".join(sorted(unknown)), "known": ", ".join(DIMENSIONS)}
                )
            note = value.find(_q("annotation"))
            rows.append(
                Incoming(
                    index=len(rows),
                    where=where,
                    data_element=attrs["dataElement"],
                    period=period,
                    org_unit=head["orgUnit"],
                    value=attrs["value"],
                    comment=note.text if note is not None and note.text else None,
                    options=options,
                )
            )
    return {}, rows
