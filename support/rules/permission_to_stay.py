"""What a temporary permission to stay record says to a caseworker: why it was granted, an
extension applied for, and the window to ask for the decision to be reconsidered (derived,
never stored). Pure: reads the record passed in, no queries."""

from datetime import date

from casework import clocks
from casework.ui.dates import long_date
from support.vocabularies import PermissionDecision

GROUND_NEEDED = "Select what the permission was granted for."
EXTENSION_NOT_GRANTED = "Only permission that was granted can be extended."
EXTENSION_BEFORE_DECISION = "The extension cannot be applied for before the permission was granted ({day})."


def permission_refusal(*, decision, decided_on, ground, extension_applied_on) -> dict[str, str]:
    """Field errors for a permission record (empty: it can be saved)."""
    errors = {}
    if decision == PermissionDecision.GRANTED and not ground:
        errors["ground"] = GROUND_NEEDED
    if extension_applied_on is not None:
        if decision != PermissionDecision.GRANTED:
            errors["extension_applied_on"] = EXTENSION_NOT_GRANTED
        elif decided_on is not None and extension_applied_on < decided_on:
            errors["extension_applied_on"] = EXTENSION_BEFORE_DECISION.format(day=long_date(decided_on))
    return errors


def permission_lines(permission, today: date, thirty_days_from: date | None = None) -> list[str]:
    """The sentences the support panel shows under a permission to stay."""
    return [text for text, _ in permission_rows(permission, today, thirty_days_from)]


def permission_rows(
    permission, today: date, thirty_days_from: date | None = None
) -> list[tuple[str, date | None]]:
    """The sentences with the deadline each one gives (None: not a deadline), for the tags."""
    rows: list[tuple[str, date | None]] = []
    granted = permission.decision == PermissionDecision.GRANTED
    if permission.ground and granted:  # a refusal or a pending decision has no ground
        rows.append((f"Granted for: {permission.get_ground_display().lower()}", None))
    if permission.extension_applied_on:
        rows.append((f"Extension applied for on {long_date(permission.extension_applied_on)}", None))
    elif granted and permission.expires_on:
        rows.append(
            (
                f"An extension must be applied for before it expires on {long_date(permission.expires_on)}",
                permission.expires_on,
            )
        )
    if permission.decided_on and permission.decision != PermissionDecision.PENDING:
        deadline = clocks.vts_reconsideration_deadline(permission.decided_on, thirty_days_from)
        if today <= deadline:
            days = (deadline - permission.decided_on).days
            what = (
                "the refusal"
                if permission.decision == PermissionDecision.REFUSED
                else "its length or purpose"
            )
            rows.append(
                (
                    f"Reconsideration of {what} can be requested until {long_date(deadline)} "
                    f"({days} days from the decision)",
                    deadline,
                )
            )
    return rows
