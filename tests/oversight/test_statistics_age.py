"""Statistics count age at exploitation, as the Home Office tables do (adult, child, not
specified), and the backlog filters on it; the disclosure rules still apply."""

from datetime import date

from django.urls import reverse

from oversight import backlog, statistics
from tests.factories import CaseFactory, ReferralFactory


def referral(people, **values):
    case = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex)
    return ReferralFactory(case=case, submitted_on=date(2025, 3, 1), **values)


def test_a_person_exploited_as_a_child_and_referred_as_an_adult_counts_as_a_child(people, monkeypatch):
    for _ in range(6):
        referral(people, age_at_referral="adult", age_at_exploitation="child")
    referral(people, age_at_referral="adult", age_at_exploitation="adult")
    referral(people, age_at_referral="adult", age_at_exploitation="not_specified")
    specs = []
    real = statistics.published_tables
    monkeypatch.setattr(statistics, "published_tables", lambda tables: specs.extend(tables) or real(tables))
    tables = statistics.team_statistics([people.north.pk], people.morgan)

    by_age = next(spec for spec in specs if spec[0] == "NRM referrals by age at exploitation")
    assert by_age[2][2025] == {"child": 6, "adult": 1, "not_specified": 1}
    assert [label for _key, label in by_age[3]] == ["Adult", "Child (under 18)", "Not specified"]
    published = next(t for t in tables if t["title"] == "NRM referrals by age at exploitation")
    # 1 adult and 1 not specified as "<5", 6 children rounded to 5: never the true numbers.
    assert published["rows"][0]["cells"][:3] in (["<5", 5, "<5"], ["[c]", "[c]", "[c]"])


def test_the_statistics_page_names_the_age_at_exploitation(people, login):
    referral(people)
    page = login(people.morgan).get(reverse("statistics")).content.decode()
    assert "NRM referrals by age at exploitation" in page
    assert "age at referral" not in page


def test_the_backlog_filters_on_age_at_exploitation(people):
    referral(people, age_at_referral="adult", age_at_exploitation="child")
    referral(people, age_at_referral="adult", age_at_exploitation="adult")
    today = date(2025, 6, 1)
    child = backlog.backlog(people.morgan, backlog.Filters(age_group="child"), today)
    adult = backlog.backlog(people.morgan, backlog.Filters(age_group="adult"), today)
    assert (child.open_cases, adult.open_cases) == (1, 1)


def test_the_backlog_form_offers_the_home_office_age_groups(people, login):
    page = login(people.morgan).get(reverse("backlog")).content.decode()
    assert "Age at exploitation" in page and "Not specified" in page
