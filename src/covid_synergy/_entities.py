"""The entities of a dataset, by id: the names people type, and what each entity counts for.

One rule decides which entities a query for an entity finds (see
:meth:`Entities.counts_for`): an entity counts for itself, for the country
or body it is affiliated with (one level only), and for every region above
either of them. Members of a group are never reached: a record to "18
African countries" is about Africa, not about Ghana.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ._errors import UnknownEntityError, closest
from ._model import Entity, EntityKind

__all__ = ["Entities", "entity_keys", "name_key"]


def name_key(name: str) -> str:
    """Return the form in which names are compared: case-folded, spaces
    collapsed, a leading "the" dropped.

    >>> name_key("The  Republic of Korea")
    'republic of korea'
    """
    words = name.casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def entity_keys(entity: Entity) -> set[str]:
    """Every name an entity answers to, in :func:`name_key` form: its id, name, aliases and codes."""
    names = {entity.id, entity.name, *entity.aliases}
    if entity.iso3 is not None:
        names.add(entity.iso3)
    if entity.m49 is not None:
        names.add(entity.m49)
    return {name_key(n) for n in names}


class Entities(Mapping[str, Entity]):
    """The entities of a dataset: a read-only mapping from id to :class:`Entity`.

    Iterating gives ids in sorted order. :meth:`resolve` finds an entity by
    anything the article calls it; :meth:`counts_for` says which entities a
    record naming it counts for.
    """

    __slots__ = ("_by_id", "_by_key", "_counts_for", "_members", "_regions")

    _by_id: dict[str, Entity]
    _by_key: dict[str, Entity]
    _members: dict[str, tuple[str, ...]]
    _regions: dict[str, tuple[str, ...]]
    _counts_for: dict[str, frozenset[str]]

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        """Index the given entities; ids must be unique, and so must every name.

        A region chain that loops, or a ``region`` or ``affiliation`` naming
        an entity not given, raises :class:`ValueError`.
        """
        by_id: dict[str, Entity] = {}
        by_key: dict[str, Entity] = {}
        for entity in sorted(entities, key=lambda e: e.id):
            if entity.id in by_id:
                msg = f"duplicate entity id {entity.id!r}"
                raise ValueError(msg)
            by_id[entity.id] = entity
            for key in entity_keys(entity):
                other = by_key.setdefault(key, entity)
                if other is not entity:
                    msg = f"entities {other.id!r} and {entity.id!r} share the name {key!r}"
                    raise ValueError(msg)
        members: dict[str, list[str]] = {}
        for entity in by_id.values():
            if entity.affiliation is not None:
                if entity.affiliation not in by_id:
                    msg = f"{entity.id!r} is affiliated with {entity.affiliation!r}, which is not given"
                    raise ValueError(msg)
                members.setdefault(entity.affiliation, []).append(entity.id)
        regions = {entity_id: _chain(by_id, entity_id) for entity_id in by_id}
        counts_for: dict[str, frozenset[str]] = {}
        for entity in by_id.values():
            found = {entity.id, *regions[entity.id]}
            if entity.affiliation is not None:
                found |= {entity.affiliation, *regions[entity.affiliation]}
            counts_for[entity.id] = frozenset(found)
        setter = object.__setattr__
        setter(self, "_by_id", by_id)
        setter(self, "_by_key", by_key)
        setter(self, "_members", {k: tuple(v) for k, v in members.items()})
        setter(self, "_regions", regions)
        setter(self, "_counts_for", counts_for)

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise AttributeError(msg)

    def __getitem__(self, entity_id: str) -> Entity:
        """Return the entity with this exact id."""
        return self._by_id[entity_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        return f"<Entities: {len(self)}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entities):
            return NotImplemented
        return self._by_id == other._by_id

    __hash__ = None  # type: ignore[assignment]

    def resolve(self, name: str | Entity) -> Entity:
        """Return the entity known by ``name``: an id, a name, an alias, an
        ISO 3166-1 alpha-3 or UN M49 code, in any case ("Italy", "ITA", "the ROK").

        Raises :class:`~covid_synergy.UnknownEntityError` (a
        :class:`LookupError`) naming close matches when nothing fits.

        >>> import covid_synergy as cs
        >>> cs.load().entities.resolve("the ROK").name
        'Republic of Korea'
        """
        if isinstance(name, Entity):
            if self._by_id.get(name.id) == name:
                return name
            raise UnknownEntityError(name.id)
        if not isinstance(name, str):
            msg = f"an entity is named by a string or an Entity, not {type(name).__name__}"
            raise TypeError(msg)
        found = self._by_key.get(name_key(name))
        if found is None:
            close = closest(name_key(name), self._by_key, n=5)
            names = dict.fromkeys(self._by_key[k].name for k in close)
            raise UnknownEntityError(name, list(names)[:3])
        return found

    def members(self, entity_id: str) -> tuple[str, ...]:
        """Return the ids of the entities affiliated with ``entity_id``
        (France's President, the WHO's Director-General), sorted.

        >>> import covid_synergy as cs
        >>> "emmanuel-macron" in cs.load().entities.members("france")
        True
        """
        return self._members.get(entity_id, ())

    def regions_of(self, entity_id: str) -> tuple[str, ...]:
        """Return the regions ``entity_id`` lies in: its own region, then each one above it.

        For a region, the regions above it (not itself).

        >>> import covid_synergy as cs
        >>> cs.load().entities.regions_of("ethiopia")
        ('eastern-africa', 'sub-saharan-africa', 'africa')
        """
        return self._regions.get(entity_id, ())

    def counts_for(self, entity_id: str) -> frozenset[str]:
        """Return the ids a record naming ``entity_id`` counts for.

        The entity itself; the country or body it is affiliated with (one
        level: a person for their country, the Red Cross Society of China
        for China); and every region above either. Queries for any of these
        find the record; a query with ``strict=True`` finds only the entity
        itself. Unknown ids count for themselves alone.

        >>> import covid_synergy as cs
        >>> sorted(cs.load().entities.counts_for("red-cross-society-of-china"))
        ['asia', 'china', 'eastern-asia', 'red-cross-society-of-china']
        """
        found = self._counts_for.get(entity_id)
        return frozenset((entity_id,)) if found is None else found

    def of_kind(self, kind: EntityKind | str) -> tuple[Entity, ...]:
        """Return the entities of one kind, sorted by id (``"country"``, ``"region"``...).

        >>> import covid_synergy as cs
        >>> len(cs.load().entities.of_kind("Countries")) > 20
        True
        """
        wanted = EntityKind.parse(kind)
        return tuple(e for e in self._by_id.values() if e.kind is wanted)


def _chain(by_id: Mapping[str, Entity], entity_id: str) -> tuple[str, ...]:
    """The regions above ``entity_id``, nearest first; a loop or an unknown region is a ValueError."""
    chain: list[str] = []
    region = by_id[entity_id].region
    while region is not None:
        if region not in by_id:
            msg = f"{entity_id!r} lies in the region {region!r}, which is not given"
            raise ValueError(msg)
        if region in chain or region == entity_id:
            msg = f"the regions above {entity_id!r} loop back through {region!r}"
            raise ValueError(msg)
        chain.append(region)
        region = by_id[region].region
    return tuple(chain)
