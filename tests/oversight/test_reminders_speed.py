"""The reminder pass pauses Python's automatic cycle collection while it reads every open case
(oversight/reminders.py, _items_by_case): it must leave it as it found it, errors included."""

import gc

import pytest
from django.utils import timezone

from oversight import reminders


@pytest.mark.parametrize("enabled", [True, False])
def test_the_pass_leaves_garbage_collection_as_it_found_it(db, alex_case, enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        _items, owners = reminders._items_by_case(timezone.localdate())
        assert alex_case.reference in owners
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_an_error_in_a_work_source_still_turns_collection_back_on(db, alex_case, monkeypatch):
    def broken(cases, today):
        raise RuntimeError("a work source failed")

    monkeypatch.setattr(reminders.hooks, "work_items", broken)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        reminders._items_by_case(timezone.localdate())
    assert gc.isenabled()
