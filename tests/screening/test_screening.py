"""The screening interview: sections, saving as you go, check your answers, completion,
corrections with history, stopping, versions, access, encryption and audit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Case
from screening import questions, rules, services
from screening.models import ScreeningInterview
from screening.panels import draft_work_items
from screening.questions import Question, Questionnaire, Section
from screening.vocabularies import ScreeningAction, StopReason
from tests.casework.test_data_at_rest import everything_stored

SENTINEL = "Zorbaquintessa promised work"


def v(interview, data):
    """The form's data with the interview's edit version, as the page sends it."""
    interview.refresh_from_db(fields=["edit_version"])
    return {**data, "version": interview.edit_version}


def url(name, interview, *extra):
    return reverse(name, args=[interview.case.reference, interview.pk, *extra])


@pytest.fixture
def interview(people, alex_case):
    return services.interview_start(actor=people.alex, case=alex_case)


@pytest.fixture
def alex(people, login):
    return login(people.alex)


def details_data(**overrides):
    today = timezone.localdate()
    data = {
        "interview_date_0": today.day,
        "interview_date_1": today.month,
        "interview_date_2": today.year,
        "place": "Our office",
        "interviewer": "Alex",
        "interpreter_used": "no",
    }
    return data | overrides


def answer_everything(interview, people):
    for section in questions.questionnaire(interview.version).sections:
        answers = {}
        for question in section.questions:
            if question.kind == "date":
                answers[question.key] = timezone.localdate().isoformat()
            elif question.kind == "yes_no":
                answers[question.key] = "yes"
            elif question.kind == "choice":
                answers[question.key] = question.choices[0][0]
            elif question.kind == "indicators":
                answers[question.key] = {question.choices[0][0]: "Seen"}
            else:
                answers[question.key] = SENTINEL if question.key == "promised" else "Answer"
        services.interview_save_section(
            actor=people.alex, interview=interview, section=section.slug, answers=answers, complete=True
        )


def test_starting_an_interview_shows_the_task_list(people, alex, alex_case):
    response = alex.post(reverse("screening_start", args=[alex_case.reference]))
    interview = ScreeningInterview.objects.get()
    assert response.url == url("screening_interview", interview)
    page = alex.get(response.url).content.decode()
    assert "Interview details" in page and "Not started" in page
    assert AuditEvent.objects.filter(action=ScreeningAction.STARTED).exists()


def test_a_section_is_validated_on_its_own(people, alex, interview):
    response = alex.post(url("screening_section", interview, "details"), v(interview, {"continue": "1"}))
    page = response.content.decode()
    assert "There is a problem" in page and "Enter the date of the interview" in page
    assert "<title>Error: " in page
    assert "Select yes if an interpreter was used" in page and "Answer:" not in page
    response = alex.post(
        url("screening_section", interview, "details"),
        v(interview, details_data(place="x" * 400, continue_="1")),
    )
    assert "Where the interview took place must be 300 characters or fewer" in response.content.decode()
    assert ScreeningInterview.objects.get().answers == {}


def test_a_new_interview_starts_with_today_and_the_signed_in_interviewer(people, alex, interview):
    people.alex.first_name, people.alex.last_name = "Alex", "Morgan-Reid"
    people.alex.save()
    response = alex.get(url("screening_section", interview, "details"))
    form = response.context["form"]
    assert form["interview_date"].value() == timezone.localdate()
    assert form["interviewer"].value() == "Alex Morgan-Reid"


def test_an_interpreter_used_needs_the_language(people, alex, interview):
    response = alex.post(
        url("screening_section", interview, "details"),
        v(interview, {**details_data(interpreter_used="yes"), "continue": "1"}),
    )
    assert "Enter the interpreting language" in response.content.decode()
    assert ScreeningInterview.objects.get().answers == {}
    alex.post(
        url("screening_section", interview, "details"),
        v(
            interview,
            {**details_data(interpreter_used="yes", interpreter_language="Romanian"), "continue": "1"},
        ),
    )
    assert ScreeningInterview.objects.get().answers["details"]["interpreter_language"] == "Romanian"
    # The language box is revealed under "Yes" (GOV.UK conditional reveal).
    page = alex.get(url("screening_section", interview, "details")).content.decode()
    conditional = page.split('id="id_interpreter_used_0-conditional"')[1].split("govuk-radios__item")[0]
    assert 'name="interpreter_language"' in conditional


def test_every_required_question_says_what_to_do_in_the_design_system_s_words():
    from screening.forms import required_message

    for questionnaire in questions.QUESTIONNAIRES.values():
        for section in questionnaire.sections:
            for question in section.questions:
                if question.required or question.required_if:
                    message = required_message(question)
                    assert message.startswith(("Enter ", "Select ")), message


def test_save_and_come_back_later_keeps_a_section_in_progress(people, alex, interview):
    alex.post(
        url("screening_section", interview, "details"), v(interview, {"place": "Our office", "later": "1"})
    )
    interview.refresh_from_db()
    assert interview.progress == {"details": "in_progress"}
    assert interview.answers["details"] == {"place": "Our office"}
    page = alex.get(url("screening_interview", interview)).content.decode()
    assert "In progress" in page
    alex.post(
        url("screening_section", interview, "details"), v(interview, {**details_data(), "continue": "1"})
    )
    interview.refresh_from_db()
    assert interview.progress == {"details": "complete"}


def test_indicators_need_their_evidence(people, alex, interview):
    response = alex.post(
        url("screening_section", interview, "indicators"),
        v(interview, {"ilo__deception": "on", "continue": "1"}),
    )
    assert "Note the evidence for deception" in response.content.decode()
    response = alex.post(
        url("screening_section", interview, "indicators"),
        v(interview, {"ilo__isolation__evidence": "Alone", "continue": "1"}),
    )
    assert "Tick isolation, or clear its evidence" in response.content.decode()
    alex.post(
        url("screening_section", interview, "indicators"),
        v(
            interview,
            {"ilo__deception": "on", "ilo__deception__evidence": "Lied about the job", "continue": "1"},
        ),
    )
    interview.refresh_from_db()
    assert interview.answers["indicators"]["ilo"] == {"deception": "Lied about the job"}


def test_check_your_answers_then_complete_makes_it_read_only(people, alex, interview):
    answer_everything(interview, people)
    page = alex.get(url("screening_check", interview)).content.decode()
    assert SENTINEL in page and "Change" in page
    response = alex.post(url("screening_check", interview))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "completed" and interview.outcome == "refer_nrm"
    assert alex.get(url("screening_section", interview, "details")).status_code == 302
    with pytest.raises(Exception, match="no longer in progress"):
        services.interview_save_section(
            actor=people.alex, interview=interview, section="details", answers={}, complete=True
        )


def test_completion_needs_every_section(people, alex, interview):
    alex.post(
        url("screening_section", interview, "details"), v(interview, {**details_data(), "continue": "1"})
    )
    response = alex.post(url("screening_check", interview))
    assert "Complete every section" in response.content.decode()


def test_a_correction_keeps_the_earlier_answer_in_the_history(people, alex, interview):
    answer_everything(interview, people)
    services.interview_complete(actor=people.alex, interview=interview)
    data = {
        "how_contacted": "Answer",
        "recruiter_relationship": "Answer",
        "promised": "Work on a farm",
        "fees_debts": "Answer",
        "contract": "Answer",
    }
    missing_reason = alex.post(url("screening_amend", interview, "recruitment"), v(interview, data))
    assert "Enter why the answers are being corrected" in missing_reason.content.decode()
    alex.post(
        url("screening_amend", interview, "recruitment"),
        v(interview, {**data, "reason": "Misheard through the interpreter"}),
    )
    interview.refresh_from_db()
    assert interview.answers["recruitment"]["promised"] == "Work on a farm"
    page = alex.get(url("screening_interview", interview)).content.decode()
    assert "Misheard through the interpreter" in page and SENTINEL in page  # the earlier answer stays visible
    event = AuditEvent.objects.get(action=ScreeningAction.AMENDED)
    assert event.fields == ["recruitment.promised"]


def test_stopping_keeps_what_was_recorded(people, alex, interview):
    alex.post(
        url("screening_section", interview, "details"), v(interview, {**details_data(), "continue": "1"})
    )
    response = alex.post(url("screening_stop", interview), {"reason": "distressed"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "stopped" and interview.answers["details"]["place"] == "Our office"
    assert "The survivor was distressed" in alex.get(url("screening_interview", interview)).content.decode()


def test_stopping_before_any_section_is_saved_stops_the_interview(people, alex, interview):
    # Nothing saved yet: the interview has no progress at all, which is not an error.
    response = alex.post(url("screening_stop", interview), {"reason": "distressed"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "stopped" and interview.progress == {}


def test_the_consent_section_goes_into_the_consent_ledger(people, alex, interview):
    alex.post(
        url("screening_section", interview, "consent"),
        v(
            interview,
            {"purpose_explained": "yes", "rights_explained": "yes", "consent_given": "yes", "continue": "1"},
        ),
    )
    consent = interview.case.consents.get()
    assert (consent.purpose, consent.decision) == ("screening_interview", "given")


def test_an_old_interview_renders_after_the_questions_change(people, alex, interview, monkeypatch):
    answer_everything(interview, people)
    services.interview_complete(actor=people.alex, interview=interview)
    version_2 = Questionnaire(
        version=2,
        sections=(Section("details", "Interview details", (Question("new_question", "A new question"),)),),
    )
    monkeypatch.setitem(questions.QUESTIONNAIRES, 2, version_2)
    monkeypatch.setattr(services, "CURRENT_VERSION", 2)
    page = alex.get(url("screening_interview", interview)).content.decode()
    assert "Where the interview took place" in page and "A new question" not in page
    newer = services.interview_start(actor=people.alex, case=interview.case)
    assert newer.version == 2
    assert "A new question" in alex.get(url("screening_section", newer, "details")).content.decode()


@pytest.mark.parametrize(
    ("who", "expected"), [("alex", 200), ("blake", 404), ("morgan", 200), ("riley", 404), ("sam", 404)]
)
def test_only_those_who_may_see_the_case_open_any_screening_page(people, login, interview, who, expected):
    client = login(getattr(people, who))
    for page in (
        url("screening_interview", interview),
        url("screening_section", interview, "details"),
        url("screening_check", interview),
        url("screening_stop", interview),
        url("screening_print", interview),
    ):
        assert client.get(page).status_code == expected


def test_a_missing_section_is_not_found(people, alex, interview):
    assert alex.get(url("screening_section", interview, "no-such-section")).status_code == 404


def test_answers_are_encrypted_at_rest(people, interview):
    answer_everything(interview, people)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT answers_json FROM {ScreeningInterview._meta.db_table}")  # noqa: S608
        assert bytes(cursor.fetchone()[0]).startswith(b"gAAAAA")
    assert "Zorbaquintessa" not in everything_stored()


def test_printing_and_viewing_are_audited(people, alex, interview):
    page = alex.get(url("screening_print", interview)).content.decode()
    assert "OFFICIAL-SENSITIVE" in page
    # Marked on every printed sheet (the named page of app.scss; see the timeline's print test).
    assert 'class="govuk-template__body app-print-page"' in page
    alex.get(url("screening_interview", interview))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {ScreeningAction.PRINTED, ScreeningAction.VIEWED} <= actions


def test_a_completed_referral_outcome_asks_for_the_nrm_referral(people, alex, interview):
    answer_everything(interview, people)
    services.interview_complete(actor=people.alex, interview=interview)
    page = alex.get(reverse("case_nrm", args=[interview.case.reference])).content.decode()
    assert "The screening interview concluded: refer to the NRM" in page


def test_a_draft_left_for_14_days_is_a_work_item(people, interview):
    ScreeningInterview.objects.filter(pk=interview.pk).update(updated_at=timezone.now() - timedelta(days=15))
    items = draft_work_items(Case.objects.all(), timezone.localdate())
    assert [item.kind for item in items] == ["screening_draft"]
    ScreeningInterview.objects.filter(pk=interview.pk).update(updated_at=timezone.now() - timedelta(days=3))
    assert draft_work_items(Case.objects.all(), timezone.localdate()) == []


def test_saving_the_consent_section_again_adds_no_second_consent(people, alex, interview):
    answers = {"purpose_explained": "yes", "rights_explained": "yes", "consent_given": "yes", "continue": "1"}
    sent = v(interview, answers)  # one page, sent twice: a double click, or Back and save again
    for _ in range(2):
        alex.post(url("screening_section", interview, "consent"), sent)
    assert interview.case.consents.count() == 1
    alex.post(
        url("screening_section", interview, "consent"), v(interview, {**answers, "consent_given": "no"})
    )
    assert list(interview.case.consents.values_list("decision", flat=True).order_by("pk")) == [
        "given",
        "refused",
    ]


def test_starting_again_while_an_interview_is_in_progress_opens_that_interview(people, alex, interview):
    case_page = alex.get(reverse("case_screening", args=[interview.case.reference])).content.decode()
    assert "Start a screening interview" not in case_page
    assert "Continue the screening interview" in case_page
    response = alex.post(reverse("screening_start", args=[interview.case.reference]))
    assert response.url == url("screening_interview", interview)
    assert ScreeningInterview.objects.count() == 1


def test_the_case_page_shows_the_interview_s_own_date(people, alex, interview):
    earlier = timezone.localdate() - timedelta(days=2)
    services.interview_save_section(
        actor=people.alex,
        interview=interview,
        section="details",
        answers={"interview_date": earlier.isoformat(), "place": "Office"},
        complete=False,
    )
    page = alex.get(reverse("case_screening", args=[interview.case.reference])).content.decode()
    assert f"Interview on {earlier:%-d %B %Y}" in page


def test_a_prefilled_answer_the_second_tab_left_alone_is_not_called_its_edit(people, login, interview):
    # Both tabs open the details while nothing is saved: the date starts as today.
    section = url("screening_section", interview, "details")
    alex, blake_tab = login(people.alex), login(people.alex)
    opened = blake_tab.get(section).context["form"]
    earlier = timezone.localdate() - timedelta(days=2)
    first = details_data(
        interview_date_0=earlier.day, interview_date_1=earlier.month, interview_date_2=earlier.year
    )
    assert alex.post(section, v(interview, {**first, "later": "1"})).status_code == 302
    # The second tab changes only the interviewer and sends the form as it was opened.
    from tests.corrections.helpers import post_data

    second = {**post_data(opened), "interviewer": "Someone else", "later": "1"}
    response = blake_tab.post(section, second)
    conflict = response.context["conflict"]
    date_row = next(f for f in conflict.fields if f.name == "details.interview_date")
    assert not date_row.mine_kept  # the saved date is taken, not the prefilled today
    assert date_row.current_text == f"{earlier:%-d %B %Y}"
    assert response.context["form"]["interview_date"].value() in (earlier, earlier.isoformat())
    interviewer = next(f for f in conflict.fields if f.name == "details.interviewer")
    assert interviewer.mine_kept


def test_a_stopped_interview_can_be_neither_answered_nor_corrected(people, alex, interview):
    services.interview_stop(actor=people.alex, interview=interview, reason=StopReason.UNSAFE)
    interview.refresh_from_db()
    assert not rules.may_answer(interview) and not rules.may_amend(interview)
    with pytest.raises(ValidationError, match="no longer in progress"):
        services.interview_complete(actor=people.alex, interview=interview)
    with pytest.raises(ValidationError, match="Only a completed interview"):
        services.interview_amend(
            actor=people.alex, interview=interview, section="details", answers={}, reason="Typo"
        )
    assert alex.get(url("screening_amend", interview, "details")).status_code == 404
    assert alex.get(url("screening_check", interview)).status_code == 302


def test_the_database_refuses_an_unknown_stop_reason_or_outcome(people, interview):
    for field, value in (("stop_reason", "bored"), ("outcome", "maybe")):
        with pytest.raises(IntegrityError, match=f"screeninginterview_{field}_valid"), transaction.atomic():
            ScreeningInterview.objects.filter(pk=interview.pk).update(**{field: value})
