from datetime import timedelta

import factory
from django.utils import timezone

from casework.models import Case, Membership, Person, Team, User
from casework.security.crypto import name_dob_index
from casework.vocabularies import Role


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Role.CASEWORKER
    # The personas' roles are confirmed, as if by a manager; tests of confirmation itself
    # pass confirmed_role="" (what an administrator's grant starts as).
    confirmed_role = factory.SelfAttribute("role")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    assignee = None
    created_by = factory.LazyAttribute(lambda c: c.assignee or UserFactory())
    opened_on = factory.LazyFunction(timezone.localdate)
    person = factory.RelatedFactory("tests.factories.PersonFactory", factory_related_name="case")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    case = factory.SubFactory(CaseFactory, person=None)
    given_names = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=60)
    name_dob_bidx = factory.LazyAttribute(
        lambda p: name_dob_index(p.given_names, p.family_name, p.date_of_birth)
    )


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casework.Consent"

    case = factory.SubFactory(CaseFactory)
    purpose = "nrm_referral"
    decision = "given"
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    recorded_by = factory.LazyAttribute(lambda c: c.case.assignee or c.case.created_by)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.Referral"

    case = factory.SubFactory(CaseFactory)
    kind = "nrm"
    submitted_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    first_responder = "salvation_army"
    age_at_referral = "adult"
    age_at_exploitation = "adult"
    competent_authority = "sca"
    nation = "ENG"
    created_by = factory.LazyAttribute(lambda r: r.case.created_by)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "support.Decision"

    referral = factory.SubFactory(ReferralFactory)
    kind = "rg"
    outcome = "positive"
    decided_on = factory.LazyAttribute(lambda d: d.referral.submitted_on + timedelta(days=5))
    recorded_by = factory.LazyAttribute(lambda d: d.referral.created_by)


# Documents (casework/models/documents.py): rows only, for pages that never read the stored file
# (the access walk, the junk test). Tests of uploads and downloads go through the service.
class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casework.Document"
        skip_postgeneration_save = True  # the file row points at the document; nothing to save again

    case = factory.SubFactory(CaseFactory)
    kind = "other"
    title = "A letter"
    added_by = factory.LazyAttribute(lambda d: d.case.created_by)
    file = factory.RelatedFactory(
        "tests.factories.DocumentFileFactory", factory_related_name="document", number=1
    )


class DocumentFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casework.DocumentFile"

    number = 1
    storage_name = factory.Sequence(lambda n: f"{n:032x}")
    wrapped_key = b"not a real key"
    size = 10
    content_type = "application/pdf"
    extension = "pdf"
    original_name = "letter.pdf"
    uploaded_by = factory.LazyAttribute(lambda f: f.document.added_by)
