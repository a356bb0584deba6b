"""Sphinx configuration for the covid-synergy documentation.

Build with ``sphinx-build -n -W --keep-going -b html docs docs/_build/html``;
run the examples with ``sphinx-build -n -W --keep-going -b doctest docs docs/_build/doctest``.
The build needs no network: see ``_ext/offline_inventories.py``.
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

# -- Project -------------------------------------------------------------------

project = "covid-synergy"
author = "The covid-synergy maintainers"
copyright = "the covid-synergy maintainers; code MIT, data CC-BY-4.0"
release = _version("covid-synergy")
version = ".".join(release.split(".")[:2])

# -- General -------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    # Local extensions, in docs/_ext/:
    "offline_inventories",  # intersphinx that works without a network
    "vocabulary",  # field and vocabulary tables rendered from the code and data
    "figures",  # the pictures, drawn from the data at build time
    "cli_output",  # shell examples with the output they print, captured at build time
    "performance",  # what a user waits for: the short table and chart of the Performance page
    "annotated",  # the annotated article and the Web Annotations, exported at build time
    "api_reference",  # signatures of attrs classes; every public name documented
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "_ext", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

nitpicky = True
# The type variables of the generic RecordSet (records, group keys) have no
# entry of their own.
nitpick_ignore = [
    # optional extras, imported only for type checking
    ("py:class", "pd.DataFrame"),
    ("py:class", "pl.DataFrame"),
    # the literal type of export()'s format; its values are listed in the docstring
    ("py:class", "ExportFormat"),
] + [("py:class", f"{module}{name}") for module in ("", "covid_synergy._recordset.") for name in ("R", "K")]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

# -- Autodoc -------------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
python_use_unqualified_type_names = True
python_display_short_literal_types = True
add_module_names = False

# -- Intersphinx ---------------------------------------------------------------
# Links to other projects' documentation resolve from the small inventories
# that _ext/offline_inventories.py writes to _generated/inventories/ (the
# objects these docs link to, with their real addresses). Nothing is fetched:
# the build is the same, and as quiet, with or without a network.

_INVENTORIES = "_generated/inventories"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", f"{_INVENTORIES}/python.inv"),
    "attrs": ("https://www.attrs.org/en/stable", f"{_INVENTORIES}/attrs.inv"),
    "cattrs": ("https://catt.rs/en/stable", f"{_INVENTORIES}/cattrs.inv"),
    "hypothesis": ("https://hypothesis.readthedocs.io/en/latest", f"{_INVENTORIES}/hypothesis.inv"),
}
# Only Python objects resolve implicitly; a page or a label of another
# project is linked explicitly with {external}.
intersphinx_disabled_reftypes = ["std:*"]

# Record sets import Total only when they need it (to keep the first answer
# light); give autodoc the name their annotations use.
import covid_synergy._recordset  # noqa: E402
from covid_synergy import Total  # noqa: E402

covid_synergy._recordset.Total = Total  # type: ignore[attr-defined]

# -- Doctest -------------------------------------------------------------------
# Docstrings show examples as a module sees them; the pages import what they use.

doctest_global_setup = """
from datetime import date
from decimal import Decimal
from covid_synergy import *
"""
doctest_test_doctest_blocks = "default"

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
html_title = f"covid-synergy {release}"
html_static_path = ["_static"]
html_css_files = ["covid-synergy.css"]
html_theme_options = {
    "source_repository": "https://github.com/covid-synergy/covid-synergy/",
    "source_branch": "main",
    "source_directory": "docs/",
}
