"""A child's records and permission to stay on the case timeline (support/selectors/timeline.py
has the NRM, support periods and assessments): a fixed number of queries, no encrypted column
(the authority's and social worker's names are not read)."""

from casework.hooks import TimelineEvent, TimelineQuery
from casework.ui.dates import long_date
from casework.ui.labels import choice_label
from support.models import AgeDispute, ChildGuardian, LocalAuthorityLead, PermissionToStay
from support.vocabularies import AgeDisputeOutcome, GuardianService, PermissionDecision

CHILD, PERMISSION = "child", "permission"

# The order, on one day, of events that have no time (hooks.TimelineEvent.rank): a child's
# records follow the referral (30), permission to stay the assessments (75). Each table its own
# ranks: (rank, kind, id) must tell any two events of a day apart (the page's cursor).
RANK_GUARDIAN, RANK_AGE_DISPUTE, RANK_LEAD, RANK_PERMISSION = 35, 36, 38, 80


def child_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """A guardian referral, an age dispute and its assessment, a local authority taking the
    lead (three queries; the authority's and social worker's names are not read)."""
    events = []
    for guardian in ChildGuardian.objects.filter(case=case).values("pk", "referred_on", "service"):
        events.append(
            TimelineEvent(
                on=guardian["referred_on"],
                kind=CHILD,
                title="Referred to a child trafficking guardian",
                details=(choice_label(GuardianService, guardian["service"]),),
                rank=RANK_GUARDIAN,
                key=guardian["pk"],
            )
        )
    for dispute in AgeDispute.objects.filter(case=case).values("pk", "raised_on", "outcome", "assessed_on"):
        events.append(
            TimelineEvent(
                on=dispute["raised_on"],
                kind=CHILD,
                title="Age disputed",
                rank=RANK_AGE_DISPUTE,
                key=dispute["pk"],
            )
        )
        if dispute["assessed_on"] is not None:
            events.append(
                TimelineEvent(
                    on=dispute["assessed_on"],
                    kind=CHILD,
                    title=choice_label(AgeDisputeOutcome, dispute["outcome"]),
                    rank=RANK_AGE_DISPUTE + 1,
                    key=dispute["pk"],
                )
            )
    for lead in LocalAuthorityLead.objects.filter(case=case).values("pk", "since"):
        events.append(
            TimelineEvent(
                on=lead["since"],
                kind=CHILD,
                title="A local authority leads for the child",
                rank=RANK_LEAD,
                key=lead["pk"],
            )
        )
    return events


def permission_events(case, query: TimelineQuery) -> list[TimelineEvent]:
    """Temporary permission to stay considered, decided, and an extension applied for (one query)."""
    events = []
    rows = PermissionToStay.objects.filter(case=case).values(
        "pk", "considered_from", "decision", "decided_on", "expires_on", "extension_applied_on"
    )
    for row in rows:
        events.append(
            TimelineEvent(
                on=row["considered_from"],
                kind=PERMISSION,
                title="Temporary permission to stay being considered",
                rank=RANK_PERMISSION,
                key=row["pk"],
            )
        )
        if row["decided_on"] is not None and row["decision"] != PermissionDecision.PENDING:
            granted = row["decision"] == PermissionDecision.GRANTED
            details = (f"Until {long_date(row['expires_on'])}",) if granted and row["expires_on"] else ()
            events.append(
                TimelineEvent(
                    on=row["decided_on"],
                    kind=PERMISSION,
                    title=f"Temporary permission to stay {'granted' if granted else 'refused'}",
                    details=details,
                    rank=RANK_PERMISSION + 1,
                    key=row["pk"],
                )
            )
        if row["extension_applied_on"] is not None:
            events.append(
                TimelineEvent(
                    on=row["extension_applied_on"],
                    kind=PERMISSION,
                    title="Extension of permission to stay applied for",
                    rank=RANK_PERMISSION + 2,
                    key=row["pk"],
                )
            )
    return events
