"""kbgen: a static multilingual knowledge-base and FAQ site generator.

The package follows the data's way through a build:

``content``   load and validate the YAML knowledge base into a typed model
``rules``     support programmes as data: evaluation, exhaustive checks, quoted facts
``i18n``      locales, gettext catalogs and Babel formatting
``render``    turn the model into the pages of one locale
``site``      build every locale with MkDocs and publish the result atomically
``plugin``    the MkDocs plugin that hands the rendered pages to MkDocs
``cli``       the ``kbgen`` command
"""

from __future__ import annotations

__version__ = "0.1.0"
