from datetime import date

import pytest


@pytest.fixture
def alex_case(alex_case):
    """Alex's case with a fixed adult date of birth (1 January 1990). A CICA or civil claim's
    time limit reads the date of birth whenever it is recorded, so the factory's random one
    (18 to 60) could make the survivor a child at a test's incident. Tests about children set
    their own."""
    alex_case.person.date_of_birth = date(1990, 1, 1)
    alex_case.person.save()
    return alex_case
