from django.conf import settings
from django.db import models
from django.db.models import Q

from casework.models.cases import Case
from casework.vocabularies import DuplicateResolution


class DuplicateFlag(models.Model):
    """A case (`case`, just opened or renamed) whose name and date of birth match an existing
    case (`matched_case`). The managers of each side's team answer for their side, each on
    their own: the two cases are linked only when both sides say "the same person", and the
    flag leaves a manager's list once their side has answered. Nobody is shown the other
    case's details; the newer case's managers are not even told the other case's team (that
    would let anyone who opens a case learn where a named person is known)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duplicate_flags")
    matched_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Each side's answer. A manager of both teams (or of one team holding both cases)
    # answers for both at once.
    case_answer = models.CharField(max_length=20, choices=DuplicateResolution.choices, blank=True)
    case_answered_at = models.DateTimeField(null=True, blank=True)
    case_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    matched_answer = models.CharField(max_length=20, choices=DuplicateResolution.choices, blank=True)
    matched_answered_at = models.DateTimeField(null=True, blank=True)
    matched_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Settled once both sides have answered: the same person only if both said so.
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, choices=DuplicateResolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "matched_case"], name="duplicate_flag_once"),
            models.CheckConstraint(condition=~Q(case=models.F("matched_case")), name="duplicate_not_self"),
            *(
                models.CheckConstraint(
                    condition=Q(**{name: ""}) | Q(**{f"{name}__in": DuplicateResolution.values}),
                    name=f"duplicate_{name}_valid",
                )
                for name in ("case_answer", "matched_answer", "resolution")
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolution="")
                | Q(resolved_at__isnull=False, resolution__in=DuplicateResolution.values),
                name="duplicate_settled_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(case_answer="", case_answered_at__isnull=True)
                | Q(case_answer__in=DuplicateResolution.values, case_answered_at__isnull=False),
                name="duplicate_case_side_answer_dated",
            ),
            models.CheckConstraint(
                condition=Q(matched_answer="", matched_answered_at__isnull=True)
                | Q(matched_answer__in=DuplicateResolution.values, matched_answered_at__isnull=False),
                name="duplicate_matched_side_answer_dated",
            ),
            models.CheckConstraint(
                condition=(
                    Q(resolved_at__isnull=True) & (Q(case_answer="") | Q(matched_answer=""))
                    | Q(
                        resolved_at__isnull=False,
                        resolution=DuplicateResolution.SAME_PERSON,
                        case_answer=DuplicateResolution.SAME_PERSON,
                        matched_answer=DuplicateResolution.SAME_PERSON,
                    )
                    | Q(resolved_at__isnull=False, resolution=DuplicateResolution.NOT_SAME_PERSON)
                    & ~Q(matched_answer="")
                    & ~Q(case_answer="")
                    & (
                        Q(case_answer=DuplicateResolution.NOT_SAME_PERSON)
                        | Q(matched_answer=DuplicateResolution.NOT_SAME_PERSON)
                    )
                ),
                name="duplicate_settled_by_both_sides",
            ),
        ]

    def __str__(self) -> str:
        return f"Possible duplicate: case {self.case_id} and case {self.matched_case_id}"
