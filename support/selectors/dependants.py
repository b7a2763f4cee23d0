"""Reading the survivor's dependants: the Overview's row (one query), the export and the timeline."""

from django.utils import timezone

from casework.hooks import TimelineEvent, TimelineQuery, TimelineSource
from casework.ui.dates import long_date
from support.models import Dependant

DEPENDANTS = "dependants"
RANK_DEPENDANT = 92


def _age(born, today) -> str | None:
    """Their age in years as words: "under 1" for a baby (never "0")."""
    if born is None:
        return None
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return "under 1" if years < 1 else str(years)


def dependants_overview_context(request, case) -> dict:
    today = timezone.localdate()
    dependants = list(Dependant.objects.filter(case=case))
    return {"dependants": [(d, _age(d.date_of_birth, today), _who(d)) for d in dependants]}


def _who(dependant) -> str:
    """Tells two dependants of one name apart in the links' hidden text."""
    who = f"{dependant.name}, {dependant.get_relationship_display().lower()}"
    if dependant.date_of_birth:
        who += f", born {long_date(dependant.date_of_birth)}"
    return who


def dependants_export_section(case) -> list[dict]:
    return [
        {
            "record": "Dependant",
            "name": d.name,
            "date_of_birth": d.date_of_birth,
            "relationship": d.get_relationship_display(),
            "whereabouts": d.whereabouts,
            "risks_and_needs": d.risks_and_needs,
        }
        for d in Dependant.objects.filter(case=case)
    ]


def dependant_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Each dependant added, by their relationship only (one query, nothing decrypted)."""
    return [
        TimelineEvent.happened(
            row["recorded_at"],
            kind=DEPENDANTS,
            title="Dependant added",
            details=(Dependant(relationship=row["relationship"]).get_relationship_display(),),
            rank=RANK_DEPENDANT,
            key=row["pk"],
        )
        for row in Dependant.objects.filter(case=case).values("pk", "recorded_at", "relationship")
    ]


TIMELINE = TimelineSource(kinds=[(DEPENDANTS, "Dependants")], events=dependant_events)
