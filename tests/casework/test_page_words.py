"""Small things a person reads on the pages: labels inside sentences, states not yet
recorded, and what happens when a form is sent for a record that is gone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.templatetags.govuk import lower_first
from justice.services import proceedings
from support.models import Decision
from tests.corrections.helpers import post_data
from tests.factories import ConsentFactory, DecisionFactory, ReferralFactory


def _day(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def rg(people, alex_case):
    ConsentFactory(case=alex_case, decided_on=_day(120))
    referral = ReferralFactory(case=alex_case, created_by=people.alex, submitted_on=_day(60))
    return DecisionFactory(referral=referral, decided_on=_day(50), recorded_by=people.alex)


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Referred to the NRM", "referred to the NRM"),
        ("Positive reasonable grounds (RG) decision", "positive reasonable grounds (RG) decision"),
        ("RG decision", "RG decision"),
    ],
)
def test_a_label_in_a_sentence_keeps_its_capitals(label, in_a_sentence):
    assert lower_first(label) == in_a_sentence


def test_hidden_link_text_on_the_case_page_keeps_abbreviations(people, login, rg):
    page = login(people.alex).get(reverse("case_nrm", args=[rg.referral.case.reference])).content.decode()
    hidden = page.split('class="govuk-visually-hidden">')[1:]
    texts = [part.split("<", 1)[0] for part in hidden]
    assert texts
    assert not [text for text in texts if "nrm" in text or "(rg)" in text], texts


def test_a_new_proceeding_says_the_engagement_is_not_recorded_yet(people, login, alex_case):
    proceedings.proceeding_record(
        actor=people.alex, case=alex_case, kind="victim_witness", police_force="metropolitan"
    )
    page = login(people.alex).get(reverse("case_justice", args=[alex_case.reference])).content.decode()
    assert "Engagement not recorded yet" in page
    assert "Survivor engaged" not in page


def test_sending_a_change_for_a_record_deleted_meanwhile_goes_back_to_the_case(people, login, rg):
    client = login(people.alex)
    case = rg.referral.case
    change = reverse("nrm_decision_change", args=[case.reference, rg.pk])
    opened = post_data(client.get(change).context["form"])
    delete = reverse("nrm_decision_delete", args=[case.reference, rg.pk])
    assert client.post(delete, {"reason": "Recorded in error", "version": rg.version}).status_code == 302
    assert not Decision.objects.filter(pk=rg.pk).exists()
    # Back to the change page still open in the browser, and save.
    response = client.post(change, {**opened, "reason": "Typo"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("case_nrm", args=[case.reference])
    assert "was not found on this case (it may have been deleted)" in response.content.decode()
    # The delete form sent again (Back, then Delete) says the same.
    response = client.post(delete, {"reason": "Recorded in error", "version": rg.version}, follow=True)
    assert "was not found on this case (it may have been deleted)" in response.content.decode()
    # Opening the page of a record that is not there is still "Page not found".
    assert client.get(change).status_code == 404


def test_a_textarea_with_a_limit_counts_characters_instead_of_cutting_text_off(people, login, alex_case):
    client = login(people.alex)
    url = reverse("claim_new", args=[alex_case.reference])
    page = client.get(url).content.decode()
    textarea = page.split('<textarea name="notes"')[1].split(">", 1)[0]
    assert "maxlength" not in textarea
    assert "govuk-js-character-count" in textarea and "id_notes-info" in textarea
    assert 'data-module="govuk-character-count" data-maxlength="5000"' in page
    assert 'id="id_notes-info"' in page and "You can enter up to 5,000 characters" in page
    # 20,000 characters pasted: refused with a message, and nothing of it lost.
    pasted = "abcd" * 5000
    page = client.post(url, {"kind": "cica", "notes": pasted}).content.decode()
    assert "Notes must be 5000 characters or fewer" in page
    assert pasted in page
