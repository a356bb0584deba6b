"""The library's exceptions: one base, messages that name the problem, and pickling that keeps them."""

from __future__ import annotations

import pickle

import pytest

import covid_synergy as cs
from covid_synergy._errors import MAX_PROBLEMS, clip, closest, did_you_mean


def test_every_error_is_a_covid_synergy_error() -> None:
    """One base class for everything raised on purpose, each also the built-in kind it is."""
    assert issubclass(cs.DataError, cs.CovidSynergyError)
    assert issubclass(cs.DataError, ValueError)
    assert issubclass(cs.UnknownNameError, LookupError)
    assert issubclass(cs.UnknownEntityError, cs.UnknownNameError)
    assert issubclass(cs.InvalidDateError, ValueError)
    assert issubclass(cs.MixedBoundsError, ValueError)


def test_a_data_error_lists_its_problems_up_to_a_cap() -> None:
    """At most MAX_PROBLEMS are kept, the rest counted; the message says how many in all."""
    problems = [
        cs.Problem(file="aid.json", record=f"'r{i}'", path="$.id", message="bad") for i in range(MAX_PROBLEMS + 5)
    ]
    error = cs.DataError(problems)
    assert (MAX_PROBLEMS, MAX_PROBLEMS + 5) == (len(error.problems), error.total)
    text = str(error)
    assert text.startswith(f"{MAX_PROBLEMS + 5} problems in the data:\n  aid.json: record 'r0': $.id: bad")
    assert text.endswith("... and 5 more problems")


def test_errors_survive_pickling() -> None:
    """A DataError or a name error crosses process boundaries whole (multiprocessing, logging)."""
    data = cs.DataError([cs.Problem(file="a.json", message="x")], total=3)
    again = pickle.loads(pickle.dumps(data))  # noqa: S301 - our own objects
    assert (data.problems, data.total, str(data)) == (again.problems, again.total, str(again))
    for error in (
        cs.UnknownNameError("cal", "event kind", ["call"]),
        cs.UnknownNameError("x", "unit", known=["USD", "tonne"]),
        cs.UnknownNameError("medical_team", "event kind", elsewhere="aid kind"),
        cs.UnknownEntityError("Itlay", ["Italy"]),
    ):
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301
        assert (type(error), str(error), error.suggestions) == (type(copy), str(copy), copy.suggestions)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (cs.UnknownNameError("cal", "event kind", ["call"]), "unknown event kind 'cal'; did you mean 'call'?"),
        (cs.UnknownNameError("x", "unit", known=["USD", "tonne"]), "unknown unit 'x'; expected one of: USD, tonne"),
        (cs.UnknownNameError("x", "sentence"), "unknown sentence 'x'"),
        (cs.UnknownNameError("y" * 200, "unit"), f"unknown unit '{'y' * 79}…'"),
        (cs.UnknownNameError("m", "event kind", elsewhere="aid kind"), "unknown event kind 'm': it is an aid kind"),
        (cs.UnknownNameError("m", "unit", elsewhere="event kind"), "unknown unit 'm': it is an event kind"),
        (cs.UnknownEntityError("Frnace", ["France"]), "no entity called 'Frnace'; did you mean 'France'?"),
    ],
)
def test_name_errors_say_what_to_use_instead(error: cs.UnknownNameError, message: str) -> None:
    """The message names the closest values, the valid ones, or where the name belongs; long names are cut."""
    assert message == str(error)


def test_the_helpers() -> None:
    """closest() finds near names, did_you_mean() words them, clip() cuts long text with an ellipsis."""
    assert ["tonne"] == closest("tonnes", ["tonne", "team"])
    assert [] == closest("zzz", ["tonne"])
    assert "" == did_you_mean([])
    assert "; did you mean 'a' or 'b'?" == did_you_mean(["a", "b"])
    assert "short" == clip("short")
    assert "abcd…" == clip("abcdefgh", 5)
