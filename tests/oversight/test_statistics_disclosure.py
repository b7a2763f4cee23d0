"""Small numbers cannot be recovered from Statistics by year (security review, item 10).

The attacker knows the publication method (it is stated under every table): for each shown
figure they work out every true count that could be shown that way, by running the method
itself over 0..MAX_COUNT ("[c]", withheld, could be anything). Then, year by year, they
combine each row with its total and with every other row that counts the same people (rows
whose true totals are equal, such as referrals by age and by gender: the cells of each add
up to the same number) and look for a "<5" that can have one value only. No table has
column totals; rows of different years are not linked."""

from collections import defaultdict
from datetime import date

from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from oversight import statistics
from tests.factories import CaseFactory, ReferralFactory

MAX_COUNT = 400


def true_values(shown) -> range:
    if shown == statistics.HIDDEN:
        return range(0, 10 * MAX_COUNT)
    values = [n for n in range(MAX_COUNT + 1) if statistics.publish(n) == shown]
    # Each shown figure stands for a run of consecutive counts, so ranges add up exactly.
    assert values == list(range(values[0], values[-1] + 1)), shown
    return range(values[0], values[-1] + 1)


def total_range(cells) -> tuple[int, int]:
    ranges = [true_values(cell) for cell in cells]
    return sum(r.start for r in ranges), sum(r.stop - 1 for r in ranges)


def recovered(rows) -> list:
    """(row, column, value) of every "<5" that the linked rows pin down."""
    found = []
    for index, (cells, total) in enumerate(rows):
        possible_totals = set(true_values(total))
        for other, (other_cells, other_total) in enumerate(rows):
            if other != index:
                lo, hi = total_range(other_cells)
                possible_totals &= set(range(lo, hi + 1)) & set(true_values(other_total))
        assert possible_totals, "the published rows contradict each other"
        for column, cell in enumerate(cells):
            if cell != statistics.SMALL:
                continue
            lo, hi = total_range(cells[:column] + cells[column + 1 :])
            feasible = {x for x in true_values(cell) if any(lo <= t - x <= hi for t in possible_totals)}
            assert feasible
            if len(feasible) == 1:
                found.append((index, column, feasible.pop()))
    return found


def publish(tables: list[dict]) -> list[dict]:
    """tables: [{year: [counts by column]}] -> the published tables."""
    width = {i: max(len(row) for row in table.values()) for i, table in enumerate(tables)}
    return statistics.published_tables(
        [
            (
                f"t{i}",
                "",
                {year: dict(enumerate(row)) for year, row in table.items()},
                [(c, str(c)) for c in range(width[i])],
            )
            for i, table in enumerate(tables)
        ]
    )


def attack(tables: list[dict]) -> list:
    published = publish(tables)
    linked = defaultdict(list)
    for i, table in enumerate(tables):
        shown = {row["year"]: row["cells"] for row in published[i]["rows"]}
        for year, counts in table.items():
            *cells, total = shown[year]
            assert len(cells) == published[i]["columns"].__len__() - 1
            linked[(year, sum(counts))].append((cells, total))
    return [hit for rows in linked.values() for hit in recovered(rows)]


def test_the_reported_row_no_longer_gives_its_hidden_cell_away():
    """9, 8, 0, "<5" with a total of 18 told everyone the hidden cell was 1."""
    [table] = publish([{2025: [9, 8, 0, 1]}])
    assert table["rows"][0]["cells"][2:4] == [0, "<5"]
    assert attack([{2025: [9, 8, 0, 1]}]) == []


def test_two_fours_are_not_given_away_by_a_rounded_total():
    """ "<5", "<5", total 10 could only be 4 and 4: the total is withheld."""
    [table] = publish([{2025: [4, 4]}])
    assert table["rows"][0]["cells"] == ["<5", "<5", "[c]"]
    assert attack([{2025: [4, 4]}]) == []


def test_a_table_counting_the_same_people_cannot_give_a_hidden_cell_away():
    """By age: "<5", "<5"; by gender: 8 (shown 10). Together: 4 and 4, unless withheld."""
    tables = [{2025: [4, 4]}, {2025: [8, 0]}]
    assert attack(tables) == []
    by_gender = publish(tables)[1]["rows"][0]["cells"]
    assert "[c]" in by_gender


small_or_any = st.one_of(st.integers(0, 6), st.integers(0, 60))
row = st.lists(small_or_any, min_size=1, max_size=10)


@given(
    st.lists(st.dictionaries(st.sampled_from([2024, 2025, 2026]), row, min_size=1), min_size=1, max_size=4)
)
def test_no_hidden_cell_can_be_worked_out_from_random_tables(tables):
    assert attack(tables) == []


@given(st.integers(1, 40), st.lists(st.integers(1, 6), min_size=2, max_size=4), st.randoms())
def test_no_hidden_cell_can_be_worked_out_across_tables_of_the_same_people(total, widths, rnd):
    """Several tables splitting the same number of people in different ways."""
    tables = []
    for width in widths:
        counts = [0] * width
        for _person in range(total):
            counts[rnd.randrange(width)] += 1
        tables.append({2025: counts})
    assert attack(tables) == []


def test_every_table_states_its_method(people, login):
    for _referral in range(7):
        ReferralFactory(
            case=CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex),
            submitted_on=date(2025, 3, 1),
        )
    page = login(people.morgan).get(reverse("statistics")).content.decode()
    tables = page.split("<table")[1:]
    assert len(tables) >= 5
    for table in tables:
        after = table.split("</table>")[1].split("<table")[0]
        assert escape(statistics.METHOD) in after
    referrals = page.split("NRM referrals by age at exploitation")[-1].split("</table>")[0]  # the caption
    assert ">5<" in referrals and ">7<" not in referrals  # 7 referrals, rounded


def test_tables_of_one_family_are_withheld_when_their_totals_differ():
    """Code review, finding 14: tables that split the same people are checked together by
    family, not only when their totals happen to be equal; a family whose rows do not add up
    to the same total (one table missed some people) is withheld for that year, because the
    check assumes the totals agree."""
    published = statistics.published_tables(
        [
            ("by age", "", {2025: {"a": 4, "c": 4}, 2024: {"a": 20}}, [("a", "A"), ("c", "C")], "people"),
            ("by gender", "", {2025: {"f": 9}, 2024: {"f": 20}}, [("f", "F")], "people"),
        ]
    )
    for table in published:
        rows = {row["year"]: row["cells"] for row in table["rows"]}
        assert set(rows[2025]) == {"[c]"}
        assert "[c]" not in rows[2024]  # the same total: published as usual


def test_age_gender_and_nationality_each_count_every_referral(people, monkeypatch):
    """A referral with no age recorded, a survivor referred twice in a year and one with two
    nationalities: each of the three tables still adds up to the number of referrals, so
    checking them together is sound."""
    first = CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, nationalities=["GB"])
    ReferralFactory(case=first, submitted_on=date(2025, 2, 1), is_current=False)
    ReferralFactory(case=first, submitted_on=date(2025, 9, 1))
    dual = CaseFactory(
        team=people.north, assignee=people.alex, created_by=people.alex, nationalities=["VN", "AL"]
    )
    no_age = ReferralFactory(case=dual, submitted_on=date(2025, 3, 1))
    type(no_age).objects.filter(pk=no_age.pk).update(age_at_exploitation="not_specified")
    ReferralFactory(
        case=CaseFactory(team=people.north, assignee=people.alex, created_by=people.alex, nationalities=[]),
        submitted_on=date(2025, 4, 1),
    )
    specs = []
    real = statistics.published_tables
    monkeypatch.setattr(statistics, "published_tables", lambda tables: specs.extend(tables) or real(tables))
    statistics.team_statistics([people.north.pk], people.morgan)

    family = {spec[0]: spec for spec in specs if len(spec) == 5 and spec[4] == statistics.REFERRALS}
    assert set(family) == {
        "NRM referrals by age at exploitation",
        "NRM referrals by gender",
        "NRM referrals by nationality",
    }
    for _title, _note, rows_by_year, columns, _family in family.values():
        keys = [key for key, _label in columns]
        assert sum(rows_by_year[2025].get(key, 0) for key in keys) == 4
    nationality = family["NRM referrals by nationality"]
    # Counted once, under the first nationality typed, never a column of its own for the pair.
    assert nationality[2][2025] == {"GB": 2, "VN": 1, "": 1, "other": 0}
