"""The case list's "NRM stage" filter (hooks.CaseListFilter): the stage is derived, never stored
(support/rules/nrm_status.py position()), so it is worked out over the filtered set's referrals,
prefetched in a fixed number of queries without their encrypted text. The case list allows this
only up to its limit of cases (casework/selectors/case_list.py)."""

from django.db.models import Exists, OuterRef

from casework import hooks
from casework.models import Case
from support.models import Referral
from support.rules.nrm_status import position
from support.selectors.nrm import NRM_PREFETCH_LEAN
from support.vocabularies import NrmStatus


def nrm_stage(cases, value: str, today):
    has_referral = Exists(Referral.objects.filter(case=OuterRef("pk")))
    if value == NrmStatus.NONE:
        return cases.exclude(has_referral)
    referred = (
        Case.objects.filter(pk__in=cases.filter(has_referral).values("pk"))
        .only("pk")
        .prefetch_related(NRM_PREFETCH_LEAN)
    )
    return cases.filter(pk__in=[case.pk for case in referred if position(case, today).status == value])


NRM_STAGE_FILTER = hooks.CaseListFilter(
    name="stage", label="NRM stage", choices=NrmStatus.choices, apply=nrm_stage
)
