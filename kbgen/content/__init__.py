"""Content: the YAML knowledge base's entries, categories and products; model, loading,
validation, lint and translation status."""

from __future__ import annotations

from kbgen.content.loader import Content, load_content
from kbgen.errors import ContentError, Problem

__all__ = ["Content", "ContentError", "Problem", "load_content"]
