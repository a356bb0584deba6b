"""Exact totals of quantities, and the rules for combining their bounds."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._errors import MixedBoundsError
from ._quantities import Bound, Quantity

__all__ = ["Total", "combine_bounds"]


@attrs.frozen(kw_only=True)
class Total:
    """The sum of quantities of one unit, and what kind of bound it is.

    Bounds combine by these rules, which make ``+`` associative and
    commutative, so a total never depends on how its parts were grouped:

    * ``exact`` is neutral: adding an exact part keeps the other bound;
    * two parts with the same bound keep it (a sum of lower bounds is a
      lower bound, a sum of approximations is an approximation);
    * any other mix (``at_least`` with ``at_most``, or ``approximately``
      with either) has no sound bound and raises :class:`MixedBoundsError`.

    The total of nothing is an exact zero.

    >>> from decimal import Decimal
    >>> a = Total.of(Quantity(value=Decimal("8.1"), unit="tonne"))
    >>> b = Total.of(Quantity(value=Decimal("31"), unit="tonne"))
    >>> print(a + b)
    39.1 tonne
    """

    #: The unit summed.
    unit: str
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

    def __add__(self, other: Total) -> Total:
        """Add two totals of the same unit, combining their bounds."""
        if not isinstance(other, Total):
            return NotImplemented
        if other.unit != self.unit:
            msg = f"cannot add {other.unit!r} to {self.unit!r}: units are never mixed"
            raise ValueError(msg)
        return Total(
            unit=self.unit,
            value=self.value + other.value,
            bound=combine_bounds(self.bound, other.bound),
            count=self.count + other.count,
        )

    def __str__(self) -> str:
        return str(Quantity(value=self.value, unit=self.unit, bound=self.bound))


def combine_bounds(first: Bound, second: Bound) -> Bound:
    """Return the bound of a sum of two parts with these bounds."""
    if first is second or second is Bound.EXACT:
        return first
    if first is Bound.EXACT:
        return second
    msg = f"no sound total of a {first.value!r} part and a {second.value!r} part"
    raise MixedBoundsError(msg)
