"""``python -m covid_synergy``: the command line."""

from ._cli import main

raise SystemExit(main())
