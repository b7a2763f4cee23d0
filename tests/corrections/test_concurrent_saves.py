"""Two saves of the same record at the same moment, on real PostgreSQL connections: the
conditional UPDATE lets exactly one through; the other is told, and writes nothing."""

import threading

import pytest
from django.db import connection

from casework import services
from casework.models import Case, Person, RecordRevision
from casework.versioning import EditConflict
from tests.conftest import requires_postgres


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_one_wins_and_the_other_is_told(people, alex_case):
    # What each person's form sends: every detail as it was when they opened it.
    base = services.details_snapshot(alex_case)
    outcomes = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def save(actor, field, value):
        try:
            case = Case.objects.get(pk=alex_case.pk)
            barrier.wait()
            try:
                services.case_update_details(
                    actor=actor, case=case, details={**base, field: value}, version=1
                )
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
