"""A small programme for the rules' error tests, in the small project (fr, pl): its
labels in both locales (the quiz is the same in each), its one document in French."""

from __future__ import annotations

import pytest

from kbgen.errors import ContentError
from kbgen.project import load_knowledge_base
from tests.conftest import SmallProject

DEMO = """\
# yaml-language-server: $schema=../../kbgen/schema/rules.schema.json
id: demo
name: {fr: Démo, pl: Demo}
documents:
  france: {locale: fr}
channels:
  - id: email
    label: {fr: e-mail, pl: e-mail}
questions:
  - id: plan
    label: {fr: Votre offre ?, pl: Twoja oferta?}
    choices:
      - id: none
        label: {fr: Aucune, pl: Brak}
      - id: gold
        label: {fr: Or, pl: Złota}
  - id: days
    unit: day
    label: {fr: Depuis combien de jours ?, pl: Od ilu dni?}
outcomes:
  - id: free
    title: {fr: Gratuit, pl: Bezpłatnie}
    details:
      channels: demo_channels
  - id: paid
    title: {fr: Payant, pl: Płatnie}
facts:
  - id: demo_window
    kind: duration
    values:
      - locales: [fr]
        entry: software-copy
        value: {amount: 30, unit: day}
  - id: demo_channels
    kind: channels
    values:
      - locales: [fr]
        entry: software-copy
        value: [email]
  - id: demo_price
    kind: money
    values:
      - locales: [fr]
        entry: software-copy
        value: [{amount: "5.00", currency: EUR}]
rules:
  - id: gold_free
    document: france
    entry: software-copy
    when: {plan: gold}
    grant: [free]
  - id: recent_free
    document: france
    entry: software-copy
    when: {plan: none, days: {at_most: demo_window}}
    grant: [free]
  - id: late_paid
    document: france
    entry: software-copy
    when: {plan: none, days: {above: demo_window}}
    grant: [paid]
    details:
      paid: {price: [demo_price]}
"""


def write_demo(project: SmallProject, *changes: tuple[str, str], extra: str = "") -> None:
    """The demo programme with each (old, new) text replaced, and ``extra`` appended."""
    text = DEMO
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    project.write("content/rules/demo.yaml", text + extra)


def problems(project: SmallProject) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_knowledge_base(project.root / "content", ("fr", "pl"), project.root)
    return [str(p) for p in caught.value.problems]
