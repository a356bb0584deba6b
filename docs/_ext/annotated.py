"""The annotated article in the docs: exported from the packaged data when an HTML build starts.

Writes ``docs/_generated/extra/article/index.html`` and
``annotations.jsonld`` with :func:`covid_synergy.export` (the same code as
``covid-synergy export --format html|annotations``) and adds
``_generated/extra`` to ``html_extra_path``, so the build output holds
``article/index.html`` and ``article/annotations.jsonld`` beside the pages;
``annotated.md`` shows the page in a frame and links both. Nothing is
fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import covid_synergy as cs

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where the files go, under the docs' source folder; copied to the output's root.
EXTRA = Path("_generated", "extra")
#: The folder of the output that holds them.
FOLDER = "article"


def generate(app: Sphinx) -> None:
    """Export the page and the annotations, and have the HTML builder copy them."""
    if app.builder.format != "html":
        return
    folder = Path(app.srcdir, EXTRA, FOLDER)
    dataset = cs.load()
    cs.export(dataset, folder, format="html", overwrite=True)
    cs.export(dataset, folder, format="annotations", overwrite=True)
    if str(EXTRA) not in app.config.html_extra_path:
        app.config.html_extra_path.append(str(EXTRA))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the hook."""
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
