"""The entities of a dataset, by id, and resolution of the names people type."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ._errors import UnknownEntityError, closest
from ._model import Entity, EntityKind

__all__ = ["Entities", "entity_keys", "name_key"]


def name_key(name: str) -> str:
    """Return the form in which names are compared: case-folded, spaces
    collapsed, a leading "the" dropped.
    """
    words = name.casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def entity_keys(entity: Entity) -> set[str]:
    """Every name an entity answers to, in :func:`name_key` form."""
    names = {entity.id, entity.name, *entity.aliases}
    if entity.iso3 is not None:
        names.add(entity.iso3)
    return {name_key(n) for n in names}


class Entities(Mapping[str, Entity]):
    """The entities of a dataset: a read-only mapping from id to :class:`Entity`.

    Iterating gives ids in sorted order. :meth:`resolve` finds an entity by
    anything the article calls it.
    """

    __slots__ = ("_by_id", "_by_key", "_members")

    _by_id: dict[str, Entity]
    _by_key: dict[str, Entity]
    _members: dict[str, tuple[str, ...]]

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        """Index the given entities; ids must be unique, and so must every name."""
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
                members.setdefault(entity.affiliation, []).append(entity.id)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_members", {k: tuple(v) for k, v in members.items()})

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
        """Return the entity known by ``name``: an id, a name, an alias or an
        ISO 3166-1 alpha-3 code, in any case ("Italy", "ITA", "the ROK").

        Raises :class:`UnknownEntityError` (a :class:`LookupError`) naming
        close matches when nothing fits.

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
        """
        return self._members.get(entity_id, ())

    def of_kind(self, kind: EntityKind | str) -> tuple[Entity, ...]:
        """Return the entities of one kind, sorted by id."""
        wanted = EntityKind(kind)
        return tuple(e for e in self._by_id.values() if e.kind is wanted)
