"""Exact totals of quantities, and the rules for combining their bounds."""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs

from ._errors import MixedBoundsError
from ._quantities import Bound, Quantity, Unit

__all__ = ["Total", "combine_bounds"]

#: Sums are exact: wide enough for any number of 40-digit quantities, and any
#: rounding would raise rather than pass silently.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.Overflow],
)


def _canonical_unit(unit: str | Unit) -> str:
    return Unit.parse(unit).value


@attrs.frozen(kw_only=True)
class Total:
    """The exact sum of quantities of one unit, and what kind of bound it is.

    Bounds combine by these rules, which make ``+`` associative and
    commutative, so a total never depends on how its parts were grouped:

    * ``exact`` is neutral: adding an exact part keeps the other bound;
    * two parts with the same bound keep it (a sum of lower bounds is a
      lower bound, a sum of approximations is an approximation);
    * any other mix (``at_least`` with ``at_most``, or ``approximately``
      with either) has no sound bound and raises
      :class:`~covid_synergy.MixedBoundsError`.

    The total of nothing is an exact zero. Sums are exact whatever the size
    of the numbers. A unit is given by its value or any of its names
    (``"tons"`` is ``"tonne"``); an unknown unit raises
    :class:`~covid_synergy.UnknownNameError`. In a unit that counts things
    which can recur across records (countries, people, teams), a sum of
    several parts is not a count of distinct things: :attr:`may_overlap`
    says so, and so does the printed total.

    >>> from decimal import Decimal
    >>> a = Total.of(Quantity(value=Decimal("8.1"), unit="tonne"))
    >>> b = Total.of(Quantity(value=Decimal("31"), unit="tonne"))
    >>> print(a + b)
    39.1 tonne
    >>> c = Total.of(Quantity(value=Decimal(170), unit="country", bound=Bound.AT_LEAST))
    >>> print(c + c)
    at least 340 country (parts may overlap)
    """

    #: The unit summed (its value in :class:`~covid_synergy.Unit`).
    unit: str = attrs.field(converter=_canonical_unit)
    #: The exact sum.
    value: Decimal = Decimal(0)
    #: What the sum is: exact, a lower or upper bound, or approximate.
    bound: Bound = Bound.EXACT
    #: How many quantities were added.
    count: int = 0

    @classmethod
    def of(cls, quantity: Quantity) -> Total:
        """Return the total of a single quantity."""
        return cls(unit=quantity.unit, value=quantity.value, bound=quantity.bound, count=1)

    @property
    def may_overlap(self) -> bool:
        """Whether the parts may count the same thing more than once (several parts, in such a unit)."""
        return self.count > 1 and Unit.parse(self.unit).overlaps

    def __add__(self, other: Total) -> Total:
        """Add two totals of the same unit, exactly, combining their bounds."""
        if not isinstance(other, Total):
            return NotImplemented
        if other.unit != self.unit:
            msg = f"cannot add {other.unit!r} to {self.unit!r}: units are never mixed"
            raise ValueError(msg)
        return Total(
            unit=self.unit,
            value=_EXACT.add(self.value, other.value),
            bound=combine_bounds(self.bound, other.bound),
            count=self.count + other.count,
        )

    def __str__(self) -> str:
        text = str(Quantity(value=self.value, unit=self.unit, bound=self.bound))
        return f"{text} (parts may overlap)" if self.may_overlap else text


def combine_bounds(first: Bound, second: Bound) -> Bound:
    """Return the bound of a sum of two parts with these bounds.

    >>> combine_bounds(Bound.EXACT, Bound.AT_LEAST)
    <Bound.AT_LEAST: 'at_least'>
    """
    if first is second or second is Bound.EXACT:
        return first
    if first is Bound.EXACT:
        return second
    msg = f"no sound total of a {first.value!r} part and a {second.value!r} part"
    raise MixedBoundsError(msg)
