"""Reads of the contact log: a case's contacts, its last contact, who may be named on one."""

from django.db.models import Prefetch, QuerySet

from casework.models import Case, Contact, User
from casework.models.contacts import NOT_WITH_SURVIVOR


def case_contacts(case: Case) -> QuerySet[Contact]:
    """A case's contacts, newest first, with who logged them, who took part and who saw a
    concern: a fixed number of queries for a page of them."""
    return case.contacts.select_related("recorded_by", "safeguarding_seen_by").prefetch_related(
        Prefetch("staff", queryset=User.objects.order_by("first_name", "last_name"))
    )


def last_contact(case: Case) -> Contact | None:
    """The case's newest contact of any kind (an attempt too): its time and kind only."""
    return case.contacts.only("happened_at", "kind").order_by("-happened_at", "-id").first()


def last_reached_contact(case: Case) -> Contact | None:
    """The newest contact that reached the survivor (as the case list's "last contact" and the
    contact clock count it: not an attempt, not a call about them): its time and kind only."""
    return (
        case.contacts.exclude(kind__in=NOT_WITH_SURVIVOR)
        .only("happened_at", "kind")
        .order_by("-happened_at", "-id")
        .first()
    )


def staff_choices(case: Case, contact: Contact | None = None) -> QuerySet[User]:
    """Who may be named as taking part: the case team's confirmed staff, and, when correcting a
    contact, whoever it already names (someone who has since left the team stays on it)."""
    people = case.team.confirmed_staff()
    if contact is not None:
        people = people | User.objects.filter(pk__in=contact.staff.values("pk"))
    return people.distinct().order_by("first_name", "last_name", "username")
