"""`python -m kbgen` runs the command line."""

from __future__ import annotations

from kbgen.cli import run

run()
