"""The criminal-justice records as one data area: what the subject access export shows, and
what erasure at the end of retention removes (docs/architecture.md, "Retention and erasure")."""

from casework.ui.dates import long_date
from justice.models import Claim, Milestone, Proceeding


def justice_export_section(case):
    """Everything the criminal-justice records hold, for the subject access export."""
    records = []
    for proceeding in case.proceedings.prefetch_related("milestones"):
        records.append(
            {
                "record": proceeding.get_kind_display(),
                "police_force": proceeding.get_police_force_display(),
                "crime_reference": proceeding.crime_reference,
                "officer_in_charge": proceeding.officer_in_charge,
                "offence": proceeding.offence,
                "offence_group": proceeding.get_offence_group_display() if proceeding.offence_group else "",
                # As the case page says: engagement is known only once it has been recorded.
                "engagement": (
                    proceeding.get_engagement_display()
                    if proceeding.engagement_changed_on
                    else "Not recorded yet"
                ),
                "notes": proceeding.notes,
                "steps": [
                    f"{long_date(m.on)}: {m.get_kind_display()} "
                    f"{m.get_outcome_display() if m.outcome else ''}".strip()
                    + (f" (defendant: {m.defendant})" if m.defendant else "")
                    + (f". {m.notes}" if m.notes else "")
                    for m in proceeding.milestones.all()
                ],
            }
        )
    for claim in case.claims.all():
        records.append(
            {
                "record": f"{claim.get_kind_display()} claim",
                "incident_on": claim.incident_on,
                "period_ended_on": claim.period_ended_on,
                "deadline_uses_date_of_birth": claim.uses_date_of_birth,
                "first_reported_to_police_on": claim.first_reported_on,
                "acas_day_a": claim.acas_day_a,
                "acas_day_b": claim.acas_day_b,
                "extension_asked_on": claim.extension_asked_on,
                "extension_outcome": (
                    claim.get_extension_outcome_display() if claim.extension_asked_on else ""
                ),
                "submitted_on": claim.submitted_on,
                "outcome": claim.get_outcome_display(),
                "amount": claim.amount,
                "notes": claim.notes,
            }
        )
    return records


def justice_erase_personal_data(case) -> None:
    """At the end of retention: references, names and free text go; dates and outcomes stay."""
    Proceeding.objects.filter(case=case).update(
        crime_reference="", officer_in_charge="", offence="", offence_group="", notes=""
    )
    Milestone.objects.filter(proceeding__case=case).update(notes="", defendant="")
    Claim.objects.filter(case=case).update(notes="")
