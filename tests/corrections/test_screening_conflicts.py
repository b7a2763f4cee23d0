"""Two people answering the same screening section in two tabs: the second is told, their
answers are kept, and nothing the first one typed is undone. Other sections do not clash."""

import pytest
from django.urls import reverse

from screening import services
from screening.models import ScreeningAmendment, ScreeningInterview
from tests.corrections.helpers import post_data
from tests.screening.test_screening import answer_everything, details_data


def url(name, interview, *extra):
    return reverse(name, args=[interview.case.reference, interview.pk, *extra])


@pytest.fixture
def interview(people, alex_case):
    return services.interview_start(actor=people.alex, case=alex_case)


def test_the_same_section_in_two_tabs_is_a_conflict_not_an_overwrite(people, login, interview):
    client = login(people.alex)
    page = url("screening_section", interview, "details")
    tab1 = post_data(client.get(page).context["form"])
    tab2 = post_data(client.get(page).context["form"])
    assert (
        client.post(page, {**tab1, **details_data(place="Community centre"), "continue": "1"}).status_code
        == 302
    )

    client = login(people.morgan)
    # Tab 2 never answered "where": it is still empty there; they save for later.
    second = client.post(page, {**tab2, "interviewer": "Morgan", "later": "1"})
    assert second.status_code == 200
    text = second.content.decode()
    assert "while you were editing" in text and "Where the interview took place" in text
    assert ScreeningInterview.objects.get().answers["details"]["interviewer"] == "Alex"

    again = {**post_data(second.context["form"]), "later": "1"}
    assert again["place"] == "Community centre"  # the first person's answer is not undone
    assert client.post(page, again).status_code == 302
    answers = ScreeningInterview.objects.get().answers["details"]
    assert (answers["place"], answers["interviewer"]) == ("Community centre", "Morgan")


def test_saving_another_section_meanwhile_is_no_conflict(people, login, interview):
    client = login(people.alex)
    details = url("screening_section", interview, "details")
    stale = post_data(client.get(details).context["form"])
    services.interview_save_section(
        actor=people.morgan,
        interview=interview,
        section="recruitment",
        answers={"promised": "Work"},
        complete=False,
    )
    assert client.post(details, {**stale, **details_data(), "continue": "1"}).status_code == 302


def test_two_corrections_of_a_completed_section_do_not_overwrite_each_other(people, login, interview):
    answer_everything(interview, people)
    services.interview_complete(actor=people.alex, interview=interview)
    client = login(people.alex)
    page = url("screening_amend", interview, "recruitment")
    tab1 = post_data(client.get(page).context["form"])
    tab2 = post_data(client.get(page).context["form"])
    assert client.post(page, {**tab1, "promised": "Farm work", "reason": "Interpreter"}).status_code == 302
    second = client.post(page, {**tab2, "contract": "None", "reason": "Letter"})
    assert second.status_code == 200 and "You (in another tab or window)" in second.content.decode()
    assert ScreeningInterview.objects.get().answers["recruitment"]["promised"] == "Farm work"
    assert ScreeningAmendment.objects.count() == 1


def test_earlier_draft_answers_kept_for_conflicts_are_in_the_subject_access_export(people, interview):
    from casework.services.history import history_export_section

    for place in ("Zorbaquintessa first place", "Second place"):
        services.interview_save_section(
            actor=people.alex,
            interview=interview,
            section="details",
            answers={"place": place},
            complete=False,
        )
    rows = history_export_section(interview.case)
    earlier = [value for row in rows for value in row["earlier_values"]]
    assert any("Zorbaquintessa first place" in value for value in earlier), rows


def test_a_correction_of_a_completed_interview_is_exported_once_with_its_amendment(people, interview):
    from casework.services.history import history_export_section

    answer_everything(interview, people)
    services.interview_complete(actor=people.alex, interview=interview)
    interview.refresh_from_db()
    services.interview_amend(
        actor=people.alex,
        interview=interview,
        section="details",
        answers={**interview.answers["details"], "place": "Corrected place"},
        reason="Misheard",
    )
    rows = history_export_section(interview.case)
    # The amendment (with its earlier answers) is in the screening section of the export.
    assert not [row for row in rows if row["record"].startswith("Corrected")], rows
