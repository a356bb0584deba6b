"""Support for the API reference page.

* Annotations written as strings (``from __future__ import annotations``)
  that autodoc cannot evaluate by itself, such as those of the ``__init__``
  methods attrs generates and of Hypothesis' composite strategies, are
  evaluated in the namespace of the module that defines them before autodoc
  renders a signature, so that ``date`` links to :class:`datetime.date`
  and not to some attribute that happens to be called ``date``.
* After reading, the build checks that every name in ``covid_synergy.__all__``
  and ``covid_synergy.strategies.__all__`` is documented, and warns (an error
  under ``-W``) for each one that is not.
"""

from __future__ import annotations

import importlib
import sys
import typing
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LOGGER = logging.getLogger(__name__)
#: The public modules and the name each public object is documented under.
PUBLIC_MODULES = ("covid_synergy", "covid_synergy.strategies")


def resolve_annotations(_app: Sphinx, obj: Any, _bound_method: bool) -> None:  # noqa: FBT001 - Sphinx's signature
    """Replace string annotations of a covid_synergy callable with the objects they name."""
    function = getattr(obj, "__func__", obj)
    annotations = getattr(function, "__annotations__", None)
    if not isinstance(annotations, dict) or not any(isinstance(a, str) for a in annotations.values()):
        return
    module = sys.modules.get(getattr(function, "__module__", None) or "")
    if module is None or not module.__name__.startswith("covid_synergy"):
        return
    try:
        hints = typing.get_type_hints(function, globalns=vars(module))
    except (NameError, TypeError, AttributeError):
        return
    function.__annotations__ = {name: hints.get(name, value) for name, value in annotations.items()}


def check_public_names(_app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every public name that no page documents."""
    documented = env.domains["py"].objects
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if f"{module_name}.{name}" not in documented:
                LOGGER.warning(
                    "%s.%s is public (in __all__) but not documented; add it to api.md",
                    module_name,
                    name,
                    type="covid_synergy",
                    subtype="api",
                )


def setup(app: Sphinx) -> dict[str, object]:
    """Register the hooks."""
    app.connect("autodoc-before-process-signature", resolve_annotations)
    app.connect("env-check-consistency", check_public_names)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
