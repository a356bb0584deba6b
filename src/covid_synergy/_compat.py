"""Version shims: pick the standard library where it has what we use."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 13):  # pragma: no cover - exercised on Python 3.13 in the CI matrix
    from importlib.resources import files
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - exercised on the older Pythons of the CI matrix
    from importlib_resources import files
    from importlib_resources.abc import Traversable

__all__ = ["Traversable", "files"]
