"""Content: the YAML knowledge base, its model, loading and validation."""

from __future__ import annotations

from kbgen.content.loader import KnowledgeBase, load_knowledge_base
from kbgen.content.problems import ContentError, Problem

__all__ = ["ContentError", "KnowledgeBase", "Problem", "load_knowledge_base"]
