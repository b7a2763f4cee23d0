"""A child's records: the devolved child panel on the referral, the guardian, the age dispute
and the local authority lead; the case page says where the child stands."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from support.models import AgeDispute, ChildGuardian, LocalAuthorityLead, Referral
from support.selectors.export import children_export_section, nrm_export_section
from support.services import children
from support.services.children import children_erase_personal_data
from support.vocabularies import SupportAuditAction
from tests.factories import ReferralFactory
from tests.support.test_nrm_services import message_of, refer

TODAY = timezone.localdate


@pytest.fixture
def child_case(alex_case):
    alex_case.age_at_exploitation = "child"
    alex_case.save()
    person = alex_case.person
    person.date_of_birth = TODAY() - timedelta(days=365 * 14)
    person.save()
    return alex_case


def refer_child(people, case, **overrides):
    values = {"age_at_referral": "child", "age_at_exploitation": "child"}
    return refer(people, case, **(values | overrides))


class TestDevolvedPanel:
    def test_a_child_in_a_pilot_area_is_referred_to_the_devolved_panel(self, people, child_case):
        referral = refer_child(people, child_case, competent_authority="dcdm", child_panel_area="hull")
        assert (referral.competent_authority, referral.child_panel_area) == ("dcdm", "hull")
        assert nrm_export_section(child_case)[0]["child_panel_area"] == "Hull City Council"

    def test_an_adult_cannot_go_to_the_devolved_panel(self, people, alex_case):
        from tests.factories import ConsentFactory

        ConsentFactory(case=alex_case, decided_on=date(2024, 12, 1))
        with pytest.raises(ValidationError) as error:
            refer(people, alex_case, competent_authority="dcdm", child_panel_area="hull")
        assert "decides only children's cases" in message_of(error.value)

    def test_the_database_refuses_the_panel_for_an_adult_or_without_an_area(self, people, alex_case):
        for values in (
            {"age_at_referral": "adult", "competent_authority": "dcdm", "child_panel_area": "hull"},
            {"age_at_referral": "child", "competent_authority": "dcdm", "child_panel_area": ""},
            {"age_at_referral": "child", "competent_authority": "sca", "child_panel_area": "hull"},
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                ReferralFactory(case=alex_case, **values)

    def test_a_child_whose_age_is_disputed_is_decided_by_the_sca(self, people, child_case):
        children.age_dispute_record(
            actor=people.alex, case=child_case, raised_on=TODAY() - timedelta(days=30)
        )
        with pytest.raises(ValidationError) as error:
            refer_child(people, child_case, competent_authority="dcdm", child_panel_area="hull")
        assert "age is disputed" in message_of(error.value)

    def test_the_referral_form_offers_the_panel_and_says_duty_to_notify_is_for_adults(
        self, people, login, child_case
    ):
        page = (
            login(people.alex).get(reverse("nrm_referral_new", args=[child_case.reference])).content.decode()
        )
        assert "Devolved child decision-making panel" in page
        assert "Hull City Council" in page
        assert "A Duty to Notify report is for adults only" in page
        assert "Age at exploitation" in page

    def test_the_form_shows_the_refusal_beside_the_field(self, people, login, alex_case):
        from tests.support.test_nrm_views import date_fields

        response = login(people.alex).post(
            reverse("nrm_referral_new", args=[alex_case.reference]),
            {
                "kind": "nrm",
                **date_fields("submitted_on", TODAY()),
                "first_responder": "salvation_army",
                "age_at_referral": "adult",
                "age_at_exploitation": "adult",
                "competent_authority": "dcdm",
                "child_panel_area": "hull",
                "nation": "ENG",
                "working_day_calendar": "ENG",
            },
        )
        assert response.status_code == 200
        assert "decides only children&#x27;s cases" in response.content.decode()
        assert not Referral.objects.exists()


class TestRecords:
    def test_an_age_dispute_needs_its_assessment_date_once_decided(self, people, child_case):
        raised = TODAY() - timedelta(days=40)
        with pytest.raises(ValidationError) as error:
            children.age_dispute_record(actor=people.alex, case=child_case, raised_on=raised, outcome="adult")
        assert "Enter the date of the age assessment" in message_of(error.value)
        with pytest.raises(ValidationError) as error:
            children.age_dispute_record(
                actor=people.alex,
                case=child_case,
                raised_on=raised,
                outcome="adult",
                assessed_on=raised - timedelta(days=1),
            )
        assert "cannot be before the date the dispute was raised" in message_of(error.value)
        with pytest.raises(ValidationError):
            children.age_dispute_record(
                actor=people.alex, case=child_case, raised_on=raised, assessed_on=raised
            )  # pending with a date
        assert not AgeDispute.objects.exists()

    def test_a_local_authority_needs_a_name(self, people, child_case):
        with pytest.raises(ValidationError) as error:
            children.local_authority_lead_record(
                actor=people.alex, case=child_case, authority="   ", since=TODAY()
            )
        assert "Enter the name of the local authority" in message_of(error.value)

    def test_records_are_audited_by_name_only_then_exported_and_erased(self, people, child_case):
        children.guardian_record(
            actor=people.alex, case=child_case, referred_on=TODAY(), service="ictg", area="Quillshire"
        )
        children.local_authority_lead_record(
            actor=people.alex,
            case=child_case,
            authority="Marrowvale Council",
            social_worker="Duty social worker 0161 000 0000",
            since=TODAY(),
        )
        actions = set(AuditEvent.objects.filter(case=child_case).values_list("action", flat=True))
        assert {
            SupportAuditAction.CHILD_GUARDIAN_RECORDED,
            SupportAuditAction.LOCAL_AUTHORITY_LEAD_RECORDED,
        } <= actions
        for event in AuditEvent.objects.filter(case=child_case):
            assert "Quillshire" not in str(event.__dict__) and "Marrowvale" not in str(event.__dict__)
        exported = str(children_export_section(child_case))
        assert "Quillshire" in exported and "Marrowvale Council" in exported and "0161 000 0000" in exported
        children_erase_personal_data(child_case)
        assert ChildGuardian.objects.get().area == ""
        lead = LocalAuthorityLead.objects.get()
        assert (lead.authority, lead.social_worker) == ("", "")


class TestCasePage:
    def page(self, login, people, case):
        return login(people.alex).get(reverse("case_nrm", args=[case.reference])).content.decode()

    def test_an_age_disputed_person_is_treated_as_a_child_until_assessed(self, people, login, alex_case):
        alex_case.age_at_exploitation = "adult"
        alex_case.save()
        person = alex_case.person
        person.date_of_birth = date(1990, 1, 1)
        person.save()
        assert 'id="children-heading"' not in self.page(login, people, alex_case)  # an adult: no section
        raised = TODAY() - timedelta(days=10)
        children.age_dispute_record(actor=people.alex, case=alex_case, raised_on=raised)
        page = " ".join(self.page(login, people, alex_case).split())
        assert (
            f"Their age has been disputed since {raised.day} {raised:%B %Y} and is not yet assessed" in page
        )
        assert (
            "Until it is, they are treated as a child for support (Modern Slavery Act 2015 section 51)"
            in page
        )

    def test_an_assessed_adult_is_shown_as_such(self, people, login, child_case):
        raised = TODAY() - timedelta(days=30)
        children.age_dispute_record(
            actor=people.alex, case=child_case, raised_on=raised, outcome="adult", assessed_on=raised
        )
        page = " ".join(self.page(login, people, child_case).split())
        assert "they were assessed as an adult, so adult rules apply from then" in page

    def test_a_child_s_page_shows_the_panel_guardian_and_lead(self, people, login, child_case):
        refer_child(people, child_case, competent_authority="dcdm", child_panel_area="hull")
        children.guardian_record(actor=people.alex, case=child_case, referred_on=TODAY(), service="ictg")
        children.local_authority_lead_record(
            actor=people.alex, case=child_case, authority="Hull City Council", since=TODAY()
        )
        page = " ".join(self.page(login, people, child_case).split())
        assert "Treated as a child: they are under 18" in page
        assert (
            "made by the devolved child decision-making panel of Hull City Council, not the Home Office"
            in page
        )
        assert "Independent Child Trafficking Guardian service (England and Wales)" in page
        assert "Hull City Council, since" in page


@pytest.mark.parametrize("page", ["child_guardian_new", "age_dispute_new", "local_authority_lead_new"])
@pytest.mark.parametrize(("who", "expected"), [("alex", 200), ("blake", 404), ("riley", 404)])
def test_child_pages_answer_only_those_who_may_see_the_case(people, login, alex_case, page, who, expected):
    assert login(getattr(people, who)).get(reverse(page, args=[alex_case.reference])).status_code == expected


def test_a_correction_follows_the_same_panel_rules(people, child_case):
    from support.services.referrals import referral_change

    referral = refer_child(people, child_case)
    values = {
        "submitted_on": referral.submitted_on,
        "first_responder": referral.first_responder,
        "first_responder_other": None,
        "nrm_reference": "",
        "age_at_referral": "child",
        "age_at_exploitation": "child",
        "competent_authority": "dcdm",
        "child_panel_area": "islington_camden",
        "nation": "ENG",
        "working_day_calendar": "ENG",
    }
    referral_change(actor=people.alex, referral=referral, version=referral.version, reason="Panel", **values)
    referral.refresh_from_db()
    assert (referral.competent_authority, referral.child_panel_area) == ("dcdm", "islington_camden")
    with pytest.raises(ValidationError) as error:
        referral_change(
            actor=people.alex,
            referral=referral,
            version=referral.version,
            reason="Back to the SCA",
            **(values | {"competent_authority": "sca"}),
        )
    assert "Only a case for the devolved child decision-making panel" in message_of(error.value)
