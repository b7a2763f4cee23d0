"""Blind-index normalisation: the same person typed differently matches; others do not."""

from datetime import date

import pytest

from casework.security.crypto import blind_index, name_dob_index, normalise_phone, normalise_text, phone_index

DOB = date(1990, 1, 31)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("José  O'Brien", "jose obrien"),
        ("  MARIA-ELENA   popescu ", "mariaelena popescu"),
        ("Nguyễn Thị Lan", "nguyen thi lan"),
        ("Ｆｕｌｌwidth", "fullwidth"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
    ],
)
def test_text_is_normalised_for_matching(typed, normalised):
    assert normalise_text(typed) == normalised


@pytest.mark.parametrize(
    "typed", ["+44 7700 900982", "07700 900982", "0044 (0)7700-900982", "+44 (0) 7700 900 982", "07700900982"]
)
def test_uk_phone_numbers_normalise_to_the_national_form(typed):
    assert normalise_phone(typed) == "07700900982"
    assert phone_index(typed) == phone_index("07700900982")


def test_foreign_numbers_keep_their_country_code():
    assert normalise_phone("+40 721 234 567") == "40721234567"


def test_name_and_date_of_birth_index_ignores_accents_case_and_spacing():
    assert name_dob_index("José", "O'Brien", DOB) == name_dob_index("jose ", "OBRIEN", DOB)


def test_a_different_name_or_date_gives_a_different_index():
    base = name_dob_index("Ana", "Popescu", DOB)
    assert base != name_dob_index("Ana", "Popescu", date(1990, 1, 30))
    assert base != name_dob_index("Anna", "Popescu", DOB)


def test_no_index_without_a_date_of_birth_or_a_name():
    assert name_dob_index("Ana", "Popescu", None) == ""
    assert name_dob_index("", "", DOB) == ""


def test_the_index_depends_on_the_key(settings):
    before = name_dob_index("Ana", "Popescu", DOB)
    settings.BLIND_INDEX_KEY = "another-key"
    assert name_dob_index("Ana", "Popescu", DOB) != before


def test_indexes_of_different_purposes_cannot_be_joined():
    assert blind_index("person.phone", "07700900982") != blind_index("nrm.reference", "07700900982")
