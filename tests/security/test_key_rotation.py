"""After rotating to a new key and deleting the old one, every case still opens."""

from datetime import date
from io import StringIO

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from casework.models import Case, Person
from casework.security.crypto import name_dob_index
from tests.factories import CaseFactory, ConsentFactory, ReferralFactory

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw_given_names(case):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT given_names FROM {Person._meta.db_table} WHERE case_id = %s", [case.pk])  # noqa: S608
        return bytes(cursor.fetchone()[0])


def test_rotating_then_removing_the_old_key_keeps_every_case_readable(people, settings, client):
    settings.FERNET_KEYS = [OLD]
    cases = [
        CaseFactory(
            team=people.north, assignee=people.alex, created_by=people.alex, person__given_names=f"Name{i}"
        )
        for i in range(3)
    ]
    cases[0].person.estimated_age = 31
    cases[0].person.notes = "A note"
    cases[0].person.save()
    ConsentFactory(case=cases[0], notes="consent note")
    ReferralFactory(case=cases[1], nrm_reference="NRM-1")
    before = raw_given_names(cases[0])

    settings.FERNET_KEYS = [NEW, OLD]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "values re-encrypted" in out.getvalue()
    assert raw_given_names(cases[0]) != before

    again = StringIO()
    call_command("rotate_encryption_keys", stdout=again)  # resumable: nothing left to do
    assert "Done: 0 values re-encrypted" in again.getvalue()

    settings.FERNET_KEYS = [NEW]
    client.force_login(people.alex)
    for case in cases:
        assert client.get(reverse("case", args=[case.reference])).status_code == 200
    person = Person.objects.get(case=cases[0])
    assert (person.given_names, person.estimated_age, person.notes) == ("Name0", 31, "A note")
    assert cases[0].consents.get().notes == "consent note"
    assert cases[1].referrals.get().nrm_reference == "NRM-1"
    assert Case.objects.count() == 3


def test_blind_indexes_are_recomputed_under_a_new_key(people, settings):
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    person = case.person
    person.date_of_birth = date(1990, 1, 1)
    person.name_dob_bidx = name_dob_index(person.given_names, person.family_name, person.date_of_birth)
    person.save()
    settings.BLIND_INDEX_KEY = "a-brand-new-blind-index-key"
    out = StringIO()
    call_command("rotate_encryption_keys", "--blind-indexes", stdout=out)
    assert "Blind indexes recomputed" in out.getvalue()
    person.refresh_from_db()
    assert person.name_dob_bidx == name_dob_index(person.given_names, person.family_name, date(1990, 1, 1))
