"""Intersphinx without a network.

``conf.py`` points intersphinx, for each project, at a local file in
``_generated/inventories/``, never at the project's site. This extension
writes those files when the build starts, from the table below: the objects
of other projects that these docs and the docstrings link to, with their
real addresses. The build fetches nothing, so it is the same, and as quiet
(``-n -W``), with or without a network, and the links point to the real
pages.

A new reference to another project's object fails with "reference target
not found" until it has a line here.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_COLLECTIONS_ABC = "library/collections.abc.html#$"

#: project name -> (project title, {object name: (domain:role, uri)}).
#: In a uri, ``$`` stands for the object's name, as in Sphinx inventories.
INVENTORIES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "python": (
        "Python",
        {
            "None": ("py:data", "library/constants.html#$"),
            "True": ("py:data", "library/constants.html#$"),
            "False": ("py:data", "library/constants.html#$"),
            "bool": ("py:class", "library/functions.html#$"),
            "int": ("py:class", "library/functions.html#$"),
            "object": ("py:class", "library/functions.html#$"),
            "str": ("py:class", "library/stdtypes.html#$"),
            "bytes": ("py:class", "library/stdtypes.html#$"),
            "tuple": ("py:class", "library/stdtypes.html#$"),
            "list": ("py:class", "library/stdtypes.html#$"),
            "dict": ("py:class", "library/stdtypes.html#$"),
            "set": ("py:class", "library/stdtypes.html#$"),
            "Exception": ("py:exception", "library/exceptions.html#$"),
            "ValueError": ("py:exception", "library/exceptions.html#$"),
            "TypeError": ("py:exception", "library/exceptions.html#$"),
            "LookupError": ("py:exception", "library/exceptions.html#$"),
            "KeyError": ("py:exception", "library/exceptions.html#$"),
            "FileExistsError": ("py:exception", "library/exceptions.html#$"),
            "NotADirectoryError": ("py:exception", "library/exceptions.html#$"),
            "collections.abc.Callable": ("py:class", _COLLECTIONS_ABC),
            "collections.abc.Hashable": ("py:class", _COLLECTIONS_ABC),
            "collections.abc.Iterable": ("py:class", _COLLECTIONS_ABC),
            "collections.abc.Iterator": ("py:class", _COLLECTIONS_ABC),
            "collections.abc.Mapping": ("py:class", _COLLECTIONS_ABC),
            "collections.abc.Sequence": ("py:class", _COLLECTIONS_ABC),
            "datetime.date": ("py:class", "library/datetime.html#$"),
            "datetime.date.fromisoformat": ("py:method", "library/datetime.html#$"),
            "decimal.Decimal": ("py:class", "library/decimal.html#$"),
            "enum.Enum": ("py:class", "library/enum.html#$"),
            "importlib.metadata": ("py:module", "library/importlib.metadata.html#module-$"),
            "os.PathLike": ("py:class", "library/os.html#$"),
            "pathlib.Path": ("py:class", "library/pathlib.html#$"),
            "typing.Any": ("py:data", "library/typing.html#$"),
            "typing.Generic": ("py:class", "library/typing.html#$"),
            "typing.Literal": ("py:data", "library/typing.html#$"),
            "typing.Self": ("py:data", "library/typing.html#$"),
        },
    ),
    "attrs": (
        "attrs",
        {
            "attrs.frozen": ("py:function", "api.html#$"),
            "attrs.evolve": ("py:function", "api.html#$"),
            "attrs.asdict": ("py:function", "api.html#$"),
        },
    ),
    "cattrs": (
        "cattrs",
        {
            "cattrs.Converter": ("py:class", "cattrs.html#$"),
        },
    ),
    "hypothesis": (
        "Hypothesis",
        {
            "hypothesis.given": ("py:function", "reference/api.html#$"),
            "hypothesis.strategies.SearchStrategy": ("py:class", "reference/strategies.html#$"),
            "hypothesis.strategies.DrawFn": ("py:class", "reference/strategies.html#$"),
            "hypothesis.strategies.composite": ("py:function", "reference/strategies.html#$"),
        },
    ),
}


def inventory_bytes(project: str, objects: dict[str, tuple[str, str]]) -> bytes:
    """Return a Sphinx inventory (version 2) of ``objects``."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        "# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join(f"{name} {role} 1 {uri} -\n" for name, (role, uri) in sorted(objects.items()))
    return header.encode() + zlib.compress(lines.encode())


def write_inventories(app: Sphinx, _config: Config) -> None:
    """Write the fallback inventories before intersphinx reads them."""
    folder = Path(app.srcdir, "_generated", "inventories")
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, objects) in INVENTORIES.items():
        target = folder / f"{name}.inv"
        data = inventory_bytes(title, objects)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the hook."""
    app.connect("config-inited", write_inventories)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
