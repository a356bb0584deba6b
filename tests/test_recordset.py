"""Queries on record sets: dates, entities, text, kinds, totals, grouping."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._model import entity_refs
from covid_synergy._recordset import sort_key

days = cst.dates(date(2019, 11, 1), date(2021, 1, 31))


event_sets = st.lists(cst.events(), max_size=40, unique_by=lambda e: e.id).map(cs.RecordSet)


class TestOrder:
    """The order of records is total, stable and chronological."""

    @given(st.lists(cst.aid_records(), max_size=30, unique_by=lambda a: a.id))
    def test_sorted_by_start_end_id_undated_last(self, records: list[cs.AidRecord]) -> None:
        """Any set is in (start, end, id) order, undated records last."""
        rs = cs.AidSet(records)
        keys = [sort_key(r) for r in rs]
        assert sorted(keys) == keys
        dated = [r.date is not None for r in rs]
        assert sorted(dated, reverse=True) == dated

    @given(st.lists(cst.events(), max_size=30, unique_by=lambda e: e.id), st.randoms())
    def test_order_does_not_depend_on_input_order(self, records: list[cs.Event], rnd: object) -> None:
        """Shuffling the input gives the same set."""
        shuffled = list(records)
        rnd.shuffle(shuffled)  # type: ignore[attr-defined]
        assert cs.RecordSet(records) == cs.RecordSet(shuffled)


class TestBetween:
    """Date filters on closed intervals of days."""

    @given(event_sets, days, days)
    def test_keeps_exactly_the_overlapping(self, rs: cs.RecordSet[cs.Event], a: date, b: date) -> None:
        """Every record kept overlaps [a, b], every record left out does not."""
        a, b = min(a, b), max(a, b)
        kept = rs.between(a, b)
        expected = [r for r in rs if r.date is not None and r.date.start <= b and r.date.end >= a]
        assert expected == list(kept)

    @given(event_sets, days, days)
    def test_within_is_inside_and_a_subset(self, rs: cs.RecordSet[cs.Event], a: date, b: date) -> None:
        """within(a, b) keeps exactly the spans inside [a, b], a subset of the overlapping ones."""
        a, b = min(a, b), max(a, b)
        within = rs.between(a, b, mode="within")
        assert [r for r in rs if r.date is not None and a <= r.date.start and r.date.end <= b] == list(within)
        assert set(within) <= set(rs.between(a, b))

    @given(event_sets, st.lists(days, min_size=3, max_size=3).map(sorted))
    def test_split_interval_is_the_union(self, rs: cs.RecordSet[cs.Event], abc: list[date]) -> None:
        """between(a, c) == between(a, b) | between(b, c) for a <= b <= c."""
        a, b, c = abc
        assert rs.between(a, c) == rs.between(a, b) | rs.between(b, c)

    @given(event_sets, days, days, st.integers(0, 60), st.integers(0, 60))
    def test_widening_never_drops(self, rs: cs.RecordSet[cs.Event], a: date, b: date, x: int, y: int) -> None:
        """A wider interval keeps every record a narrower one kept."""
        a, b = min(a, b), max(a, b)
        assert set(rs.between(a, b)) <= set(rs.between(a - timedelta(days=x), b + timedelta(days=y)))

    @given(event_sets, days)
    def test_on_is_contains(self, rs: cs.RecordSet[cs.Event], day: date) -> None:
        """on(day) keeps the spans that contain the day."""
        assert [r for r in rs if r.date is not None and r.date.contains(day)] == list(rs.on(day))

    def test_undated_records_never_match(self, ds: cs.Dataset) -> None:
        """A date filter never returns an undated record, even over all time."""
        every_day = ds.aid.between(date.min, date.max)
        assert all(r.date is not None for r in every_day)
        assert len(ds.aid.dated()) == len(every_day)

    def test_accepts_iso_strings_and_rejects_reversed(self, ds: cs.Dataset) -> None:
        """ISO strings work like dates; a reversed interval is a ValueError."""
        assert ds.events.between(date(2020, 3, 16), date(2020, 3, 31)) == ds.events.between("2020-03-16", "2020-03-31")
        with pytest.raises(ValueError, match="after end"):
            ds.events.between("2020-04-01", "2020-03-01")
        with pytest.raises(cs.InvalidDateError, match="'2020-3-1' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"):
            ds.events.between("2020-3-1", "2020-04-01")
        with pytest.raises(
            cs.UnknownNameError, match="unknown between\\(\\) mode 'inside'; expected one of: overlap, within"
        ):
            ds.events.between("2020-03-01", "2020-04-01", mode="inside")  # type: ignore[arg-type]

    def test_months_and_years_are_whole(self, ds: cs.Dataset) -> None:
        """'2020-04' as start is April 1 and as end April 30; on('2020-04') is the same; a year works too."""
        april = ds.events.between("2020-04-01", "2020-04-30")
        assert len(april) > 0
        assert april == ds.events.between("2020-04", "2020-04")
        assert april == ds.events.on("2020-04")
        assert ds.events.dated() == ds.events.between("2020", "2020")

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("2020-02-30", "2020-02-30: February 2020 has 29 days"),
            ("2021-02-29", "2021-02-29: February 2021 has 28 days"),
            ("2020-13", "2020-13: there is no month 13"),
            ("0000-01-01", "0000-01-01: there is no year 0"),
            ("March", "'March' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"),
        ],
    )
    def test_a_date_that_is_no_day_names_the_problem(self, ds: cs.Dataset, value: str, message: str) -> None:
        """An impossible day says why, not just that the form is wrong."""
        with pytest.raises(cs.InvalidDateError) as caught:
            ds.events.between(value, "2020-12-31")
        assert message == str(caught.value)


class TestInvolving:
    """Entity filters, and the names they accept."""

    @given(cst.datasets(max_records=6, max_entities=5, with_text=False), st.data())
    def test_keeps_exactly_the_records_naming_the_entity(self, ds: cs.Dataset, data: st.DataObject) -> None:
        """involving(x) keeps the records that refer to x, in order."""
        assume(len(ds.entities) > 0)
        x = data.draw(st.sampled_from(list(ds.entities)))
        for rs in (ds.events, ds.aid, ds.statements, ds.figures):
            expected = [r for r in rs if any(x in ds.entities.counts_for(ref) for ref in entity_refs(r))]
            assert expected == list(rs.involving(x))
            assert [r for r in rs if x in entity_refs(r)] == list(rs.involving(x, strict=True))

    @given(cst.datasets(max_records=6, max_entities=5, with_text=False), st.data())
    def test_filters_commute(self, ds: cs.Dataset, data: st.DataObject) -> None:
        """Between then involving equals involving then between."""
        assume(len(ds.entities) > 0)
        x = data.draw(st.sampled_from(list(ds.entities)))
        a, b = sorted([data.draw(days), data.draw(days)])
        rs = ds.timeline()
        assert rs.between(a, b).involving(x) == rs.involving(x).between(a, b)

    def test_names_codes_and_aliases(self, ds: cs.Dataset) -> None:
        """'Italy', 'ITA', 'italy' and the Entity itself give the same records."""
        italy = ds.entities["italy"]
        expected = ds.events.involving("italy")
        assert len(expected) > 0
        for name in ("Italy", "ITA", "ita", italy):
            assert expected == ds.events.involving(name)
        assert ds.aid.involving("the ROK") == ds.aid.involving("republic-of-korea")

    def test_unknown_name_suggests(self, ds: cs.Dataset) -> None:
        """An unknown name raises a LookupError that suggests close matches."""
        with pytest.raises(LookupError, match="Italy"):
            ds.events.involving("Itlay")


class TestTextAndKinds:
    """search, of_kind, where and group_by."""

    def test_search_is_case_insensitive_over_quotes(self, ds: cs.Dataset) -> None:
        """Search finds words of summaries and quotes in any case."""
        found = ds.events.search("PHNOM penh")
        assert "2020-03-23-medical-team-arrives-phnom-penh" in [e.id for e in found]
        assert all("phnom penh" in (e.summary + " ".join(x.quote for x in e.evidence)).casefold() for e in found)

    def test_of_kind_accepts_members_and_values(self, ds: cs.Dataset) -> None:
        """of_kind takes an enum member or its value."""
        calls = ds.events.of_kind(cs.EventKind.CALL)
        assert calls == ds.events.of_kind("call")
        assert len(calls) > 0
        assert all(e.kind is cs.EventKind.CALL for e in calls)

    @given(event_sets)
    def test_group_by_partitions(self, rs: cs.RecordSet[cs.Event]) -> None:
        """Groups by month hold every record once, in order."""
        groups = rs.group_by(lambda e: None if e.date is None else (e.date.start.year, e.date.start.month))
        assert list(rs) == sorted(itertools.chain.from_iterable(groups.values()), key=sort_key)
        for key, group in groups.items():
            assert all(key == (None if e.date is None else (e.date.start.year, e.date.start.month)) for e in group)

    def test_group_by_many(self, ds: cs.Dataset) -> None:
        """With many=True a record joins the group of each of its keys."""
        per_recipient = ds.aid.group_by(lambda a: a.recipients, many=True)
        for recipient, group in per_recipient.items():
            assert group == ds.aid.to(recipient, strict=True)


class TestAidDirection:
    """from_ and to."""

    def test_to_china_and_from_china(self, ds: cs.Dataset) -> None:
        """Aid to China comes from others; aid from China goes to others, its bodies' included."""
        to_china = ds.aid.to("China")
        from_china = ds.aid.from_("CHN")
        assert len(to_china) > 0
        assert len(from_china) > 0
        assert all("china" in a.recipients for a in to_china)
        assert {"china", "red-cross-society-of-china"} == {a.donor for a in from_china}
        assert {"china"} == {a.donor for a in ds.aid.from_("CHN", strict=True)}
        assert not set(to_china) & set(from_china)


bounds_up = st.sampled_from([cs.Bound.EXACT, cs.Bound.AT_LEAST])
tonnes = cst.quantities(units=st.just("tonne"))


def figure_sets(bounds: st.SearchStrategy[cs.Bound] | None = None) -> st.SearchStrategy[cs.RecordSet[cs.Figure]]:
    """Sets of figures in three units, with bounds from ``bounds``."""
    quantity = cst.quantities(units=st.sampled_from(["tonne", "USD", "team"]), bounds=bounds)
    figure = st.builds(lambda f, q: attrs.evolve(f, quantity=q), cst.figures(), quantity)
    return st.lists(figure, max_size=25, unique_by=lambda f: f.id).map(cs.RecordSet)


class TestTotals:
    """Exact totals by unit, and how bounds combine."""

    @given(figure_sets(), st.data())
    def test_partition_invariance(self, rs: cs.RecordSet[cs.Figure], data: st.DataObject) -> None:
        """The totals of any split add up to the total of the whole, value and bound."""
        cut = data.draw(st.integers(0, len(rs)))
        picks = data.draw(st.lists(st.booleans(), min_size=len(rs), max_size=len(rs)))
        left = rs.where(lambda f: picks[rs.records.index(f)])
        right = rs - left
        for unit in ("tonne", "USD", "team"):
            try:
                whole = rs.total(unit)
            except cs.MixedBoundsError:
                with pytest.raises(cs.MixedBoundsError):
                    _ = left.total(unit) + right.total(unit)
                with pytest.raises(cs.MixedBoundsError):
                    _ = rs[:cut].total(unit) + rs[cut:].total(unit)
                continue
            assert whole == left.total(unit) + right.total(unit)
            assert whole == rs[:cut].total(unit) + rs[cut:].total(unit)

    @given(figure_sets(bounds_up), figure_sets(bounds_up))
    def test_adding_exact_or_lower_bounds_never_lowers(
        self, rs: cs.RecordSet[cs.Figure], more: cs.RecordSet[cs.Figure]
    ) -> None:
        """A total of exact and at-least parts never goes down when parts are added."""
        before, after = rs.total("tonne"), (rs | more).total("tonne")
        assert before.value <= after.value
        assert after.bound in (cs.Bound.EXACT, cs.Bound.AT_LEAST)

    @given(figure_sets())
    def test_units_never_mix(self, rs: cs.RecordSet[cs.Figure]) -> None:
        """Each unit's total sums only quantities of that unit."""
        try:
            totals = rs.totals()
        except cs.MixedBoundsError:
            return
        for unit, total in totals.items():
            assert sum((f.quantity.value for f in rs if f.quantity.unit == unit), Decimal(0)) == total.value
            assert sum(1 for f in rs if f.quantity.unit == unit) == total.count

    def test_tonnes_sent_from_china(self, ds: cs.Dataset) -> None:
        """China's tonnes are the article's 8.1 tons to Cambodia (p14) and 31 tons to Italy with the Red Cross (p34)."""
        tonnes = ds.aid.from_("China").total("tonne")
        assert (Decimal("39.1"), cs.Bound.EXACT, 2) == (tonnes.value, tonnes.bound, tonnes.count)
        assert Decimal("8.1") == ds.aid.from_("China", strict=True).total("tonne").value

    def test_an_empty_set_totals_to_an_exact_zero_of_a_known_unit(self) -> None:
        """Nothing adds up to an exact zero; an unknown unit is refused even then."""
        empty = cs.RecordSet[cs.Figure]()
        assert cs.Total(unit="tonne") == empty.total("tonne")
        with pytest.raises(cs.UnknownNameError, match="did you mean 'tonne'"):
            empty.total("tonnez")

    @pytest.mark.parametrize(
        ("unit", "expected"), [("usd", "USD"), ("US$", "USD"), ("tons", "tonne"), ("Teams", "team")]
    )
    def test_a_unit_is_found_by_any_of_its_names(self, ds: cs.Dataset, unit: str, expected: str) -> None:
        """'usd', 'US$' and 'tons' are units, totalled as such (not an exact zero of nothing)."""
        assert ds.aid.total(expected) == ds.aid.total(unit)
        assert ds.aid.total(unit).count > 0

    def test_counts_that_may_overlap_say_so(self, ds: cs.Dataset) -> None:
        """Countries summed over several records may be the same countries: the total says it."""
        countries = ds.aid.total("country")
        assert (Decimal(222), cs.Bound.AT_LEAST, True) == (countries.value, countries.bound, countries.may_overlap)
        assert "at least 222 country (parts may overlap)" == str(countries)
        assert not ds.aid.total("tonne").may_overlap


class TestSetAlgebra:
    """Slicing, equality and immutability of sets."""

    @given(event_sets, event_sets)
    def test_union_intersection_difference(self, a: cs.RecordSet[cs.Event], b: cs.RecordSet[cs.Event]) -> None:
        """|, & and - are the set operations, results sorted."""
        assert set(a) | set(b) == set(a | b)
        assert set(a) & set(b) == set(a & b)
        assert set(a) - set(b) == set(a - b)
        for result in (a | b, a & b, a - b):
            assert sorted(result, key=sort_key) == list(result)

    def test_slices_are_sets_and_immutable(self, ds: cs.Dataset) -> None:
        """A slice is a set of the same type; sets refuse assignment."""
        head = ds.aid[:3]
        assert isinstance(head, cs.AidSet)
        assert list(ds.aid)[:3] == list(head)
        with pytest.raises(AttributeError):
            head._records = ()


def test_people_take_part_for_their_country(ds: cs.Dataset) -> None:
    """Involving a country includes records of the people affiliated with it."""
    macron_calls = ds.events.involving("emmanuel-macron")
    assert len(macron_calls) > 0
    assert set(macron_calls) <= set(ds.events.involving("France"))
    assert "france" == ds.entities["emmanuel-macron"].affiliation


class TestRows:
    """The record-set methods that hand data to other tools."""

    def test_to_rows_is_the_csv_rows(self, ds: cs.Dataset) -> None:
        """rs.to_rows() is one flat dict per record, with entity names resolved."""
        rows = ds.events.to_rows()
        assert [e.id for e in ds.events] == [r["id"] for r in rows]
        italy = next(r for r in rows if r["id"] == "2020-03-12-red-cross-team-arrives-rome")
        assert "Red Cross Society of China; China; Italy" == italy["participant_names"]

    def test_to_pandas_and_polars_have_one_row_per_record(self, ds: cs.Dataset) -> None:
        """Data frames from a filtered set hold exactly its records."""
        march = ds.aid.between("2020-03-01", "2020-03-31")
        assert [a.id for a in march] == list(march.to_pandas()["id"])
        assert [a.id for a in march] == march.to_polars()["id"].to_list()


class TestNamesAreChecked:
    """A name a query cannot place is refused with the closest valid ones, never an empty answer."""

    def test_kinds_are_found_by_any_of_their_names(self, ds: cs.Dataset) -> None:
        """'Call' and 'phone call' are the call kind: the article's nine calls (p8 to p11)."""
        calls = ds.events.of_kind("call")
        assert 9 == len(calls)
        assert (
            calls
            == ds.events.of_kind("Call")
            == ds.events.of_kind("phone call")
            == ds.events.of_kind(cs.EventKind.CALL)
        )

    def test_a_kind_of_another_collection_is_refused_and_placed(self, ds: cs.Dataset) -> None:
        """'medical-team' asked of events is an aid kind: the error says so."""
        with pytest.raises(cs.UnknownNameError, match=r"it is an aid kind \(ds\.aid\.of_kind\)"):
            ds.events.of_kind("medical-team")
        with pytest.raises(cs.UnknownNameError, match="it is an aid kind"):
            ds.events.of_kind(cs.AidKind.MEDICAL_TEAM)
        with pytest.raises(cs.UnknownNameError, match="unknown figure metric 'call': it is an event kind"):
            ds.figures.of_kind("call")

    def test_an_empty_or_filtered_set_still_checks_names(self, ds: cs.Dataset) -> None:
        """A set that holds nothing still knows its record class and refuses a misspelt kind."""
        nothing = ds.events.search("no such words anywhere")
        assert 0 == len(nothing)
        with pytest.raises(cs.UnknownNameError, match="did you mean 'call'"):
            nothing.of_kind("cal")
        assert 0 == len(nothing.of_kind("call"))
        with pytest.raises(cs.UnknownNameError, match="did you mean 'delivered'"):
            ds.aid[:0].with_status("delivred")

    def test_figure_metrics_are_the_collections(self, ds: cs.Dataset) -> None:
        """A figure metric is matched like a kind, against the metrics of the dataset."""
        metric = ds.figures[0].metric
        assert ds.figures.of_kind(metric) == ds.figures.of_kind(metric.upper().replace("_", " "))
        with pytest.raises(cs.UnknownNameError, match="unknown figure metric"):
            ds.figures.of_kind(metric + "x" * 8)

    def test_a_mixed_set_takes_the_kinds_of_every_collection(self, ds: cs.Dataset) -> None:
        """The timeline takes event and aid kinds, modes and metrics; an unknown one is refused."""
        timeline = ds.timeline()
        assert timeline.of_kind("call") == timeline.where(lambda r: isinstance(r, cs.Event) and r.kind.value == "call")
        assert len(timeline.of_kind("medical team", "direct quote")) > 0
        with pytest.raises(cs.UnknownNameError, match="unknown kind 'cal'; did you mean 'call'"):
            timeline.of_kind("cal")

    def test_asking_for_nothing_is_an_error(self, ds: cs.Dataset) -> None:
        """of_kind(), involving() and the like with no argument are mistakes, not empty sets."""
        for call in (ds.events.of_kind, ds.events.involving, ds.aid.from_, ds.aid.to, ds.aid.with_status):
            with pytest.raises(TypeError, match="needs at least one"):
                call()


#: Aid from China to Africa, read from the article: supplies to 18 African
#: countries (p32), teams to Burkina Faso and Ethiopia (p32), 30 African
#: hospitals paired (p10), further steps to assist Africa, teams to Africa and
#: assistance to more than 50 African countries and the African Union (p85),
#: supplies to Egypt and testing kits to African countries (p18-19), support
#: to the African Union among others (p40).
CHINA_TO_AFRICA = [
    "2020-04-06-epidemic-control-supplies-to-18-african-countries",
    "2020-04-16-medical-expert-team-to-burkina-faso",
    "2020-04-16-medical-expert-team-to-ethiopia",
    "2020-05-18-pairing-with-30-african-hospitals",
    "further-steps-to-assist-africa",
    "medical-assistance-and-supplies-to-african-countries-and-au",
    "medical-supplies-to-egypt",
    "seven-medical-expert-teams-to-africa",
    "support-to-eu-au-and-asean",
    "testing-kits-and-supplies-to-african-countries",
]


class TestRegionsAndAffiliation:
    """What an entity counts for: one level of affiliation, then every region above."""

    def test_aid_china_sent_to_africa(self, ds: cs.Dataset) -> None:
        """Africa is its countries and the groups the article ties to it, never a group's members."""
        assert CHINA_TO_AFRICA == [a.id for a in ds.aid.from_("China").to("Africa")]
        assert [] == [a.id for a in ds.aid.to("Ghana")]  # the 18 countries' supplies arrived in Ghana, to them all

    def test_a_sub_region_is_within_its_region(self, ds: cs.Dataset) -> None:
        """Aid to Eastern Africa (Ethiopia's area) is aid to Sub-Saharan Africa and to Africa."""
        eastern = ds.aid.to("Eastern Africa")
        assert ["2020-04-16-medical-expert-team-to-ethiopia"] == [a.id for a in eastern]
        assert set(eastern) <= set(ds.aid.to("Sub-Saharan Africa")) <= set(ds.aid.to("Africa"))

    def test_a_body_counts_for_its_country_and_a_person_for_theirs(self, ds: cs.Dataset) -> None:
        """The Red Cross Society of China counts for China; Xi Jinping for China and for Asia; Le Figaro for no one."""
        assert {"red-cross-society-of-china", "china", "eastern-asia", "asia"} == ds.entities.counts_for(
            "red-cross-society-of-china"
        )
        assert "xi-jinping" in {r for s in ds.statements.involving("Asia") for r in entity_refs(s)}
        assert frozenset({"le-figaro"}) == ds.entities.counts_for("le-figaro")

    def test_strict_counts_the_entity_alone(self, ds: cs.Dataset) -> None:
        """involving('France', strict=True) leaves out the President of France's calls."""
        strict = ds.events.involving("France", strict=True)
        assert set(strict) < set(ds.events.involving("France"))
        assert all("france" in entity_refs(e) for e in strict)

    def test_statements_by_and_to(self, ds: cs.Dataset) -> None:
        """by() is the speaker, to() the audience; the article's own claims are by its authors."""
        assertions = ds.statements.of_kind("assertion")
        assert assertions == ds.statements.by("article-authors")
        assert set(ds.statements.to("France", strict=True)) <= set(ds.statements.involving("France"))


@st.composite
def placed(draw: st.DrawFn) -> cs.Dataset:
    """A dataset whose entities lie in a small tree of regions, with people and bodies affiliated."""
    region = cs.EntityKind.REGION
    ents = [
        cs.Entity(id="r-top", name="Top", kind=region, m49="001"),
        cs.Entity(id="r-mid", name="Mid", kind=region, m49="002", region="r-top"),
        cs.Entity(id="r-low", name="Low", kind=region, m49="003", region="r-mid"),
    ]
    for index in range(draw(st.integers(1, 4))):
        place = draw(st.sampled_from(["r-top", "r-mid", "r-low", None]))
        ents.append(
            cs.Entity(id=f"c-{index}", name=f"C{index}", kind=cs.EntityKind.COUNTRY, iso3=f"C{index}X", region=place)
        )
        if draw(st.booleans()):
            ents.append(
                cs.Entity(id=f"p-{index}", name=f"P{index}", kind=cs.EntityKind.PERSON, affiliation=f"c-{index}")
            )
    ids = [e.id for e in ents]
    entities = cs.Entities(ents)
    aid = draw(st.lists(cst.aid_records(entity_ids=ids), max_size=8, unique_by=lambda a: a.id))
    events = draw(st.lists(cst.events(entity_ids=ids), max_size=6, unique_by=lambda e: e.id))
    events = [e for e in events if e.id not in {a.id for a in aid}]
    return cs.Dataset.build(
        events=cs.RecordSet(events, entities=entities),
        aid=cs.AidSet(aid, entities=entities),
        statements=cs.StatementSet(entities=entities),
        figures=cs.RecordSet(entities=entities),
        entities=entities,
        source=draw(cst.sources()),
    )


@given(placed(), st.data())
def test_region_membership_is_monotone(ds: cs.Dataset, data: st.DataObject) -> None:
    """Whatever an entity in a region finds (a sub-region included), its region finds too, in every query."""
    child = data.draw(st.sampled_from([e.id for e in ds.entities.values() if e.region is not None]))
    parent = ds.entities[child].region
    assert parent is not None
    for query in ("involving", "from_", "to"):
        rs = ds.aid if query != "involving" else ds.events
        assert set(getattr(rs, query)(child)) <= set(getattr(rs, query)(parent))


@given(cst.datasets(max_records=6, max_entities=6, with_text=False), st.data())
def test_strict_is_a_subset(ds: cs.Dataset, data: st.DataObject) -> None:
    """strict=True finds the named entity alone: a subset of what counting finds, in every query."""
    assume(len(ds.entities) > 0)
    x = data.draw(st.sampled_from(list(ds.entities)))
    assert set(ds.timeline().involving(x, strict=True)) <= set(ds.timeline().involving(x))
    assert set(ds.aid.from_(x, strict=True)) <= set(ds.aid.from_(x))
    assert set(ds.aid.to(x, strict=True)) <= set(ds.aid.to(x))
    assert set(ds.statements.by(x, strict=True)) <= set(ds.statements.by(x))
    assert set(ds.statements.to(x, strict=True)) <= set(ds.statements.to(x))


class TestTheSequence:
    """A record set behaves as an immutable, hashable sequence."""

    def test_sequence_protocol(self, ds: cs.Dataset) -> None:
        """Slices (reversed too) are sets of the same type; sets hash and compare by their records."""
        events = ds.events
        assert list(events.records[:3]) == list(events[2::-1])  # a set keeps its order, slicing backwards too
        assert hash(events) == hash(cs.RecordSet(events))
        assert events.__eq__(object()) is NotImplemented
        assert events.__or__(object()) is NotImplemented  # type: ignore[operator]
        assert "<RecordSet: empty>" == repr(events[:0])
        assert repr(events).startswith(f"<RecordSet: {len(events)} records, 2020-")
        with pytest.raises(AttributeError, match="immutable"):
            del events._records

    def test_entities_are_named_by_strings_or_entities(self, ds: cs.Dataset) -> None:
        """An entity given as something else is a TypeError; an Entity of another dataset is unknown."""
        with pytest.raises(TypeError, match="not int"):
            ds.events.involving(3)  # type: ignore[arg-type]
        stranger = cs.Entity(id="stranger", name="Stranger", kind=cs.EntityKind.PERSON)
        with pytest.raises(cs.UnknownEntityError):
            ds.events.involving(stranger)
        bare = cs.RecordSet(ds.events.records)
        assert bare.involving(ds.entities["italy"]) == bare.involving("italy")

    def test_kinds_are_named_by_strings_or_members(self, ds: cs.Dataset) -> None:
        """A kind given as something else is a TypeError, in every collection."""
        for call in (ds.events.of_kind, ds.figures.of_kind, ds.timeline().of_kind):
            with pytest.raises(TypeError, match="not int"):
                call(3)
        with pytest.raises(TypeError, match="not int"):
            ds.events.between("2020", "2020", mode=3)  # type: ignore[arg-type]
        timeline = ds.timeline()
        assert timeline.of_kind(cs.EventKind.CALL) == timeline.of_kind("call")
        metric = ds.figures[0].metric
        assert timeline.of_kind(metric) == timeline.where(lambda r: isinstance(r, cs.Figure) and r.metric == metric)

    def test_statements_have_no_quantities(self, ds: cs.Dataset) -> None:
        """A timeline's quantities are those of its events, aid and figures."""
        counted = [q for r in ds.timeline() if not isinstance(r, cs.Statement) for q in _quantities_of(r)]
        assert counted == list(ds.timeline().quantities())


def _quantities_of(record: cs.Record) -> tuple[cs.Quantity, ...]:
    if isinstance(record, cs.Figure):
        return (record.quantity,)
    return () if isinstance(record, cs.Statement) else record.quantities


def test_a_kind_member_is_no_figure_metric(ds: cs.Dataset) -> None:
    """A kind given to figures' of_kind says where it belongs."""
    with pytest.raises(
        cs.UnknownNameError, match=r"unknown figure metric 'call': it is an event kind \(ds\.events\.of_kind\)"
    ):
        ds.figures.of_kind(cs.EventKind.CALL)
