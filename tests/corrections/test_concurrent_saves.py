"""Two saves of the same record at the same moment, on real PostgreSQL connections: the
conditional UPDATE lets exactly one through; the other is told, and writes nothing."""

import threading

import pytest
from django.db import connection

from casework.models import Case, Person, RecordRevision
from casework.services.cases import case_update_details, details_snapshot
from casework.services.conflicts import EditConflict
from tests.conftest import requires_postgres


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_one_wins_and_the_other_is_told(people, alex_case):
    # What each person's form sends: every detail as it was when they opened it.
    base = details_snapshot(alex_case)
    outcomes = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def save(actor, field, value):
        try:
            case = Case.objects.get(pk=alex_case.pk)
            barrier.wait()
            try:
                case_update_details(actor=actor, case=case, details={**base, field: value}, version=1)
                result = "saved"
            except EditConflict as conflict:
                result = f"conflict: {conflict.message}"
            with lock:
                outcomes.append((field, result))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(people.alex, "phone", "07700 900444")),
        threading.Thread(target=save, args=(people.morgan, "address", "2 Other Road")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = sorted(result.split(":")[0] for _field, result in outcomes)
    assert results == ["conflict", "saved"], outcomes
    person = Person.objects.get(case=alex_case)
    assert person.version == 2
    assert RecordRevision.objects.count() == 1
    saved_field = next(field for field, result in outcomes if result == "saved")
    assert getattr(person, saved_field) in ("07700 900444", "2 Other Road")
    other = "address" if saved_field == "phone" else "phone"
    assert getattr(person, other) == ""  # the loser wrote nothing


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_cg_recorded_while_its_rg_is_deleted_is_checked_after_it_not_beside_it(people, alex_case):
    """Recording a CG checks that a positive RG exists; deleting the RG checks that no CG
    exists. At the same moment, each would see the other's record not yet saved and both
    would commit: a CG with no RG. The referral is locked first, so the second one waits
    for the first and is then refused."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from support.models import Decision
    from support.services.decisions import decision_delete, decision_record
    from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory

    today = timezone.localdate()
    ConsentFactory(case=alex_case, decided_on=today - timedelta(days=200))
    referral = ReferralFactory(
        case=alex_case, created_by=people.alex, submitted_on=today - timedelta(days=150)
    )
    rg = DecisionFactory(referral=referral, decided_on=today - timedelta(days=140), recorded_by=people.alex)
    cg_checked, delete_done = threading.Event(), threading.Event()
    outcomes = {}

    def record_cg():
        try:
            with transaction.atomic():
                decision_record(
                    actor=people.alex,
                    referral=referral,
                    kind="cg",
                    outcome="positive",
                    decided_on=today - timedelta(days=10),
                )
                cg_checked.set()
                # Not yet committed: the deletion runs now. It either finishes at once (it
                # did not wait for this transaction) or waits for it until this commits.
                delete_done.wait(timeout=2)
            outcomes["cg"] = "saved"
        finally:
            connection.close()

    def delete_rg():
        try:
            cg_checked.wait(timeout=10)
            decision_delete(actor=people.morgan, decision=rg, version=rg.version, reason="Wrong case")
            outcomes["delete"] = "deleted"
        except Exception as error:  # the refusal (ValidationError) is the expected outcome
            outcomes["delete"] = type(error).__name__
        finally:
            delete_done.set()
            connection.close()

    threads = [threading.Thread(target=record_cg), threading.Thread(target=delete_rg)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {"cg": "saved", "delete": "ValidationError"}, outcomes
    assert set(Decision.objects.values_list("kind", flat=True)) == {"rg", "cg"}
