"""Recording, correcting and deleting the survivor's dependants (docs/domain.md, Dependants)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import audit
from casework.services import versioning
from support.models import Dependant
from support.vocabularies import SupportAuditAction

NAME_NEEDED = "Enter the dependant's name"


def _clean(values: dict) -> dict:
    for name in ("name", "whereabouts", "risks_and_needs"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "name" in values and not values["name"]:
        raise ValidationError({"name": NAME_NEEDED})
    return values


@transaction.atomic
def dependant_record(
    *,
    actor,
    case,
    name: str,
    relationship: str,
    date_of_birth=None,
    whereabouts: str = "",
    risks_and_needs: str = "",
    request=None,
) -> Dependant:
    values = _clean({"name": name, "whereabouts": whereabouts, "risks_and_needs": risks_and_needs})
    dependant = Dependant(
        case=case, relationship=relationship, date_of_birth=date_of_birth, recorded_by=actor, **values
    )
    dependant.full_clean()
    dependant.save()
    # The record's kind only: never a name.
    audit.record(
        action=SupportAuditAction.DEPENDANT_RECORDED,
        actor=actor,
        case=case,
        fields=["dependant"],
        request=request,
    )
    return dependant


@transaction.atomic
def dependant_change(*, actor, dependant: Dependant, version: int, reason: str, request=None, **values):
    return versioning.correct(
        "dependant",
        dependant,
        actor=actor,
        case=dependant.case,
        version=version,
        reason=reason,
        values=_clean(values),
        request=request,
    )


@transaction.atomic
def dependant_delete(*, actor, dependant: Dependant, version: int, reason: str, request=None) -> bool:
    return versioning.remove(
        "dependant",
        dependant,
        actor=actor,
        case=dependant.case,
        version=version,
        reason=reason,
        request=request,
    )


def dependants_erase_personal_data(case) -> None:
    """At the end of retention: who they are, where and their needs go; the relationship stays."""
    Dependant.objects.filter(case=case).update(
        name="", date_of_birth=None, whereabouts="", risks_and_needs=""
    )
