"""Check the built documentation's layout in headless Chromium.

    python docs/check_layout.py BUILT_HTML_FOLDER

Opens the index, recipes, data-model and performance pages of a built HTML folder in
Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``), driven by
Playwright, in windows 1280 and 390 pixels wide, and fails, naming the page,
the width and the element, if

- a page is wider than the window (at any width);
- at 1280 pixels, a code block or a table is wider than its column, or its
  content is wider than its box (it would scroll): at a laptop's width,
  everything fits (at 390 pixels, code and tables may scroll inside their
  own box);
- a cell of a vocabulary table is empty (or holds only a dash), or the
  data-model page has fewer vocabulary tables than the library has
  vocabularies.

The browser starts with a fresh profile and no network: only the built
files are read. Exit status 0 when every check passes, 1 when one fails, 2
when the folder or the browser is missing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import covid_synergy as cs

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

#: The pages checked, as built file names.
PAGES = ("index.html", "recipes.html", "data-model.html", "performance.html")
#: A laptop and a phone.
WIDTHS = (1280, 390)
LAPTOP = 1280
HEIGHT = 900
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: What counts as an empty cell: nothing, or a dash standing for nothing.
EMPTY = ("", "-", "\u2013", "\u2014")

#: Run in the page: what is wider than it may be. Returns a list of problems,
#: each ``[what, needed px, available px]``.
MEASURE = """(laptop) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    problems.push(["the page is wider than the window", root.scrollWidth, window.innerWidth]);
  }
  // Content past the window's right edge (the theme hides or scrolls the
  // column rather than the page), unless it is inside a code block or a
  // table that scrolls sideways in its own box.
  const outside = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right <= window.innerWidth + 1 || box.left >= window.innerWidth - 1) continue;
    if (outside.some((parent) => parent.contains(el))) continue;
    let scrolls = false;
    for (let up = el.parentElement; up && !scrolls; up = up.parentElement) {
      scrolls = up.matches("pre, .highlight, .table-wrapper, table")
        && ["auto", "scroll"].includes(getComputedStyle(up).overflowX);
    }
    if (scrolls) continue;
    outside.push(el);
    const what = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")}`;
    const text = el.textContent.trim().replace(/\\s+/g, " ").slice(0, 40);
    problems.push([`${what} ("${text}") reaches past the window's edge`, Math.round(box.right), window.innerWidth]);
  }
  if (!laptop) return problems;
  const name = (el) => {
    const heading = el.closest("section")?.querySelector("h1, h2, h3, h4");
    const where = heading ? heading.textContent.replace(/[#\u00b6]/g, "").trim() : "?";
    if (el.tagName === "PRE") {
      const lines = el.textContent.split("\\n");
      const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), "").trim().slice(0, 50);
      return `code block in "${where}" (longest line "${longest}")`;
    }
    const first = el.querySelector("th, td")?.textContent.trim().slice(0, 30) ?? "";
    return `table in "${where}" (first cell "${first}")`;
  };
  for (const el of document.querySelectorAll("article pre, article table")) {
    const column = el.closest("article").getBoundingClientRect();
    const box = el.getBoundingClientRect();
    if (box.width > column.width + 1) {
      problems.push([name(el) + " is wider than its column", Math.round(box.width), Math.round(column.width)]);
    }
    const holder = el.tagName === "TABLE" ? el.closest(".table-wrapper") ?? el : el;
    if (holder.scrollWidth > holder.clientWidth + 1 || el.scrollWidth > el.clientWidth + 1) {
      const needed = Math.max(holder.scrollWidth, el.scrollWidth);
      problems.push([name(el) + " scrolls: its content is wider than its box", needed, holder.clientWidth]);
    }
  }
  return problems;
}"""

#: Run in the page: the vocabulary tables, and their empty cells.
VOCABULARY = """(empty) => {
  const tables = [...document.querySelectorAll("table.vocabulary")];
  const cells = [];
  for (const table of tables) {
    const heading = table.closest("section")?.querySelector("h1, h2, h3, h4");
    const title = heading ? heading.textContent.replace(/[#\u00b6]/g, "").trim() : "?";
    const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((row, r) => {
      [...row.cells].forEach((cell, c) => {
        if (empty.includes(cell.textContent.trim())) {
          const value = row.cells[0].textContent.trim().split(/\\s+/)[0];
          cells.push(`"${title}", row ${r + 1} (${value}), column "${names[c] ?? c + 1}"`);
        }
      });
    });
  }
  return [tables.length, cells];
}"""


def vocabularies() -> int:
    """How many vocabularies the library has: the data-model page must table each one."""
    return sum(
        1
        for value in vars(cs).values()
        if isinstance(value, type) and issubclass(value, cs.Vocabulary) and value is not cs.Vocabulary
    )


def only_files(route: Route) -> None:
    """Let the browser read the built files and nothing else."""
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def check_page(page: Page, path: Path, width: int) -> list[str]:
    """Every problem of one page at one width, each a line naming page, width and element."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto(path.as_uri(), wait_until="load")
    found: list[Any] = page.evaluate(MEASURE, width >= LAPTOP)
    problems = [f"{path.name} at {width} px: {what} ({needed} px, {room} px available)" for what, needed, room in found]
    tables, empty = page.evaluate(VOCABULARY, list(EMPTY))
    problems += [f"{path.name} at {width} px: empty vocabulary cell: {cell}" for cell in empty]
    wanted = vocabularies() if path.name == "data-model.html" else 0
    if tables < wanted:
        problems.append(f"{path.name} at {width} px: {tables} vocabulary tables, but the library has {wanted}")
    return problems


def check(folder: Path) -> list[str]:
    """Every problem of every checked page at every width."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - a docs-only dependency

    problems = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        try:
            browser.route("**/*", only_files)
            page = browser.new_page()
            for name in PAGES:
                for width in WIDTHS:
                    problems += check_page(page, folder / name, width)
        finally:
            browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    """Check the folder; print what is wrong; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the built HTML (sphinx-build -b html docs FOLDER)")
    args = parser.parse_args(argv)
    missing = [name for name in PAGES if not (args.folder / name).is_file()]
    if missing:
        sys.stderr.write(f"check_layout: {args.folder} has no {', '.join(missing)}: build the docs first\n")
        return 2
    if not Path(CHROMIUM).is_file():
        sys.stderr.write(f"check_layout: no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)\n")
        return 2
    problems = check(args.folder)
    for problem in problems:
        sys.stderr.write(f"check_layout: {problem}\n")
    if problems:
        return 1
    widths = " and ".join(f"{width} px" for width in WIDTHS)
    sys.stdout.write(f"check_layout: {len(PAGES)} pages at {widths}: everything fits\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
