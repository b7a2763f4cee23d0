"""The survivor's children and other dependants (issue 19 item 5): added, corrected and deleted
from the Overview, everything about them but the relationship encrypted, on the timeline by
relationship only, in the export and blanked by erasure, in a fixed number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from support.models import Dependant
from support.selectors.dependants import dependants_export_section
from support.services import dependants
from support.vocabularies import SupportAuditAction
from tests.factories import CaseFactory
from tests.support.test_nrm_views import date_fields

TODAY = timezone.localdate


def add(people, case, name="Mira", **values):
    return dependants.dependant_record(
        actor=people.alex,
        case=case,
        name=name,
        relationship=values.pop("relationship", "child"),
        date_of_birth=values.pop("date_of_birth", date(2018, 3, 27)),
        whereabouts=values.pop("whereabouts", "With her aunt in Leeds"),
        risks_and_needs=values.pop("risks_and_needs", "Needs a school place"),
    )


def test_a_dependant_added_from_the_overview_is_shown_there(people, login, alex_case):
    client = login(people.alex)
    overview = client.get(reverse("case", args=[alex_case.reference])).content.decode()
    assert "Dependants" in overview and "None recorded" in overview
    response = client.post(
        reverse("dependant_new", args=[alex_case.reference]),
        {
            "name": "  Mira  ",
            "relationship": "child",
            **date_fields("date_of_birth", date(2018, 3, 27)),
            "whereabouts": "With her aunt",
            "risks_and_needs": "Needs a school place",
        },
    )
    assert response.status_code == 302 and response.url == reverse("case", args=[alex_case.reference])
    assert Dependant.objects.get().name == "Mira"
    overview = client.get(reverse("case", args=[alex_case.reference])).content.decode()
    assert "Mira" in overview and "Born 27 March 2018" in overview
    assert "With her aunt" in overview and "Needs a school place" in overview
    assert AuditEvent.objects.get(action=SupportAuditAction.DEPENDANT_RECORDED).fields == ["dependant"]


def test_a_name_of_only_spaces_is_refused_on_the_field(people, login, alex_case):
    page = login(people.alex).post(
        reverse("dependant_new", args=[alex_case.reference]), {"name": "   ", "relationship": "child"}
    )
    assert page.status_code == 200 and "Enter the name" in page.content.decode()
    assert not Dependant.objects.exists()


def test_names_dates_of_birth_whereabouts_and_needs_are_encrypted_at_rest(people, alex_case):
    add(people, alex_case)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, date_of_birth, whereabouts, risks_and_needs, relationship FROM support_dependant"
        )
        (row,) = cursor.fetchall()
    stored = " ".join(str(value) for value in row)
    for plain in ("Mira", "2018", "Leeds", "school"):
        assert plain not in stored
    assert row[-1] == "child"


def test_a_dependant_is_corrected_and_deleted_with_a_reason(people, login, alex_case):
    dependant = add(people, alex_case)
    client = login(people.alex)
    response = client.post(
        reverse("dependant_change", args=[alex_case.reference, dependant.pk]),
        {
            "name": "Mirela",
            "relationship": "child",
            **date_fields("date_of_birth", date(2018, 3, 27)),
            "whereabouts": "With her aunt in Leeds",
            "risks_and_needs": "Needs a school place",
            "version": 1,
            "reason": "Name misspelt",
        },
    )
    assert response.status_code == 302
    dependant.refresh_from_db()
    assert (dependant.name, dependant.version) == ("Mirela", 2)
    delete_page = client.get(reverse("dependant_delete", args=[alex_case.reference, dependant.pk]))
    assert "Mirela" not in delete_page.content.decode().split("<main", 1)[0]  # not in the page's title
    response = client.post(
        reverse("dependant_delete", args=[alex_case.reference, dependant.pk]),
        {"version": 2, "reason": "Wrong case"},
    )
    assert response.status_code == 302 and not Dependant.objects.exists()


def test_the_timeline_says_a_dependant_was_added_by_relationship_never_name(people, login, alex_case):
    add(people, alex_case, relationship="sibling")
    page = login(people.alex).get(reverse("case_timeline", args=[alex_case.reference])).content.decode()
    assert "Dependant added" in page and "Their brother or sister" in page
    assert "Mira" not in page


def test_the_export_has_everything_and_erasure_keeps_only_the_relationship(people, alex_case):
    add(people, alex_case)
    (row,) = dependants_export_section(alex_case)
    assert row["name"] == "Mira" and row["date_of_birth"] == date(2018, 3, 27)
    assert (row["whereabouts"], row["risks_and_needs"]) == ("With her aunt in Leeds", "Needs a school place")
    dependants.dependants_erase_personal_data(alex_case)
    left = Dependant.objects.get()
    assert (left.name, left.date_of_birth, left.whereabouts, left.risks_and_needs) == ("", None, "", "")
    assert left.relationship == "child"


def test_the_overview_takes_the_same_queries_for_one_dependant_and_for_six(people, login):
    small = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    large = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    add(people, small)
    for i in range(6):
        add(people, large, name=f"Child {i}", date_of_birth=TODAY() - timedelta(days=400 * (i + 1)))
    client = login(people.alex)
    client.get(reverse("case", args=[small.reference]))  # the session's first request does more
    counts = []
    for case in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("case", args=[case.reference])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_a_baby_is_under_1_never_0(people, login, alex_case):
    add(people, alex_case, name="Nou", date_of_birth=TODAY())
    overview = login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode()
    assert "(their child, under 1)" in " ".join(overview.split())
    assert ", 0)" not in overview


def test_two_dependants_of_one_name_have_links_told_apart(people, login, alex_case):
    add(people, alex_case, name="Ana", relationship="child", date_of_birth=date(2015, 1, 2))
    add(people, alex_case, name="Ana", relationship="child", date_of_birth=date(2019, 6, 7))
    overview = login(people.alex).get(reverse("case", args=[alex_case.reference])).content.decode()
    hidden = re.findall(r'Change<span class="govuk-visually-hidden">(.*?)</span>', overview, re.S)
    hidden = {" ".join(text.split()) for text in hidden if "dependant" in text}
    assert hidden == {
        "the dependant Ana, their child, born 2 January 2015",
        "the dependant Ana, their child, born 7 June 2019",
    }


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (TODAY() + timedelta(days=1), "Their date of birth must be today or in the past"),
        (date(1850, 1, 1), "Their date of birth must be on or after 1 January 1900"),
    ],
)
def test_the_date_of_birth_is_named_in_its_messages(people, login, alex_case, born, message):
    page = login(people.alex).post(
        reverse("dependant_new", args=[alex_case.reference]),
        {"name": "Mira", "relationship": "child", **date_fields("date_of_birth", born)},
    )
    text = page.content.decode()
    assert message in text and "(optional) must" not in text
