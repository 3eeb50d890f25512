"""The ``kbgen`` command. It only wires options to the functions that do the work.

``base``: the group and the error handling every command shares; ``site``: build,
check, serve; ``answers``: search, quiz; ``writers``: new, status, schema, i18n.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from kbgen.cli import answers, site, writers
from kbgen.cli.base import main

__all__ = ["answers", "main", "run", "site", "writers"]


def run() -> None:
    """The ``kbgen`` command: usage errors exit with 1 like content errors, not click's 2."""
    try:
        main.main(standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(1)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    # The work is done and written. Like mypy's hard exit: freeing a large build's objects
    # one by one at interpreter exit takes most of a second and serves no one.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
