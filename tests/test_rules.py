"""The JSON rules: quoting values in messages, refused numbers, repeated keys."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from covid_synergy._codec._rules import (
    MAX_SHOWN,
    RefusedNumber,
    RepeatedKey,
    cut,
    json_type,
    parse_json,
    printable,
    repeated_keys,
    show,
    show_path,
    too_long_integer,
)


class TestShow:
    """Values and paths in messages: one line, and not too long."""

    def test_a_long_string_is_cut_with_an_ellipsis(self) -> None:
        """A 100,000-character value is quoted as its first MAX_SHOWN characters and '…'."""
        assert "'" + "x" * MAX_SHOWN + "…'" == show("x" * 100_000)

    def test_a_short_string_is_quoted_whole(self) -> None:
        """A string within the limit is quoted as it is, newlines escaped."""
        assert "'a\\nb'" == show("a\nb")

    def test_other_values_show_their_type(self) -> None:
        """Anything but a string is named by its JSON type."""
        values: list[object] = [1, None, [], {}, True]
        assert ["an integer", "null", "an array", "an object", "a boolean"] == [show(v) for v in values]

    def test_cut_keeps_short_text(self) -> None:
        """cut() leaves text at the limit alone and cuts one character more."""
        assert ("abc", "ab…") == (cut("abc", 3), cut("abc", 2))

    @pytest.mark.parametrize(
        ("path", "shown"),
        [
            ("out/events.json", "out/events.json"),
            ("new\nline", "new\\nline"),
            ("tab\there\r", "tab\\there\\r"),
            ("bad\udcffbyte", "bad\\xffbyte"),
            ("bell\x07", "bell\\x07"),
            ("sep\u2028arator", "sep\\u2028arator"),
            ("données", "données"),
            ("", "''"),
        ],
    )
    def test_paths_are_printed_escaped(self, path: str, shown: str) -> None:
        """A path with a control character, an undecodable byte or nothing at all prints on one line."""
        assert shown == show_path(path)

    @given(st.text())
    def test_printable_text_is_one_printable_line(self, text: str) -> None:
        """Whatever the text, printable() gives printable characters only, and no more than needed."""
        shown = printable(text)
        assert shown.isprintable()
        assert (shown == text) == text.isprintable()


class TestRefusedNumbers:
    """Fractions, exponents, NaN and Infinity parse as a marker the structure step refuses."""

    @pytest.mark.parametrize("text", ["8.0", "1e5", "-0.5", "1E-7", "NaN", "Infinity", "-Infinity"])
    def test_parsed_as_refused(self, text: str) -> None:
        """The number is kept, as written, in a RefusedNumber."""
        parsed = parse_json(f'{{"a": [{text}]}}')
        number = parsed["a"][0]
        assert (RefusedNumber, text) == (type(number), number.text)

    def test_integers_stay_integers(self) -> None:
        """Integers, including big ones, parse as int."""
        assert [0, -3, 10**30] == parse_json("[0, -3, 1000000000000000000000000000000]")

    def test_the_message_names_the_number_and_no_quantities(self) -> None:
        """A fraction is named as a number with a fraction; nothing is said of quantities."""
        message = json_type(RefusedNumber("8.0"))
        assert "the number 8.0, which has a fraction or an exponent" == message
        assert "quantit" not in message

    def test_nan_is_named(self) -> None:
        """NaN and Infinity are named as numbers JSON does not allow."""
        assert "NaN, which is not a number JSON allows" == json_type(RefusedNumber("NaN"))

    def test_a_long_number_is_cut(self) -> None:
        """A number with a very long fraction is cut like any value, in messages and in its repr."""
        long = "1." + "5" * 1000
        assert json_type(RefusedNumber(long)).startswith(f"the number 1.{'5' * (MAX_SHOWN - 2)}…,")
        assert ("8.5", cut(long)) == (repr(RefusedNumber("8.5")), repr(RefusedNumber(long)))

    def test_a_too_long_integer_is_located(self) -> None:
        """An integer longer than Python reads is refused by json, and located by line and column."""
        text = '[\n  {"n": ' + "7" * (sys.get_int_max_str_digits() + 1) + "}]"
        with pytest.raises(ValueError, match="digits"):
            parse_json(text)
        digits = sys.get_int_max_str_digits()
        expected = f"invalid JSON at line 2, column 9: an integer of {digits + 1} digits; the most read is {digits}"
        assert expected == too_long_integer(text)


class TestRepeatedKeys:
    """Every key an object names twice is found, with its record and JSON path."""

    def test_none_in_a_plain_file(self) -> None:
        """A file without repeated keys has none."""
        assert [] == repeated_keys('[{"id": "a", "date": {"start": "x"}, "evidence": [{"q": 1}]}]')

    def test_in_a_record(self) -> None:
        """A key named twice in a record is found at its path, with how many times."""
        assert [RepeatedKey(1, "$.kind", "kind", 3)] == repeated_keys(
            '[{"kind": 1}, {"id": "b", "kind": 1, "kind": 2, "kind": 3}]'
        )

    def test_in_nested_objects_and_arrays(self) -> None:
        """Keys repeated inside objects inside arrays are found in file order."""
        text = '[{"date": {"start": 1, "start": 2}, "evidence": [{"q": 1}, {"q": 1, "q": 2}]}]'
        assert [RepeatedKey(0, "$.date.start", "start", 2), RepeatedKey(0, "$.evidence[1].q", "q", 2)] == (
            repeated_keys(text)
        )

    def test_in_an_object_at_the_top(self) -> None:
        """In a file that is one object (source.json), the record is None."""
        assert [RepeatedKey(None, "$.title", "title", 2)] == repeated_keys('{"title": "a", "title": "b"}')

    def test_escaped_keys_that_decode_alike_repeat(self) -> None:
        """Two spellings of one key (an escape) are one key named twice."""
        assert [RepeatedKey(0, "$.kind", "kind", 2)] == repeated_keys('[{"kind": 1, "k\\u0069nd": 2}]')

    def test_keys_that_are_not_names_are_quoted_in_the_path(self) -> None:
        """A repeated key with spaces or a long name is shown quoted and cut in the path."""
        assert ["$['a b']"] == [r.path for r in repeated_keys('[{"a b": 1, "a b": 2}]')]
        long = "k" * 200
        text = '[{"' + long + '": 1, "' + long + '": 2}]'
        assert [f"$[{show(long)}]"] == [r.path for r in repeated_keys(text)]

    @pytest.mark.parametrize("text", ["7", '"text"', "null", "[1, 2]", "[]"])
    def test_files_without_objects(self, text: str) -> None:
        """Scalars and arrays of scalars hold no keys to repeat."""
        assert [] == repeated_keys(text)

    @given(st.dictionaries(st.text(max_size=4), st.integers(), min_size=1), st.data())
    def test_a_repeated_key_is_always_found(self, obj: dict[str, int], data: st.DataObject) -> None:
        """Whatever the object, writing one of its keys again is found, and only that one."""
        key = data.draw(st.sampled_from(sorted(obj)))
        text = json.dumps([obj])[:-2] + ", " + json.dumps(key) + ": 0}]"
        assert [(key, 2)] == [(r.key, r.times) for r in repeated_keys(text)]
