"""What ``kbgen check`` found, kept for as long as its inputs stay the same.

A check reads the configuration through MkDocs, parses and validates every content
file and catalog, and verifies the rules over every combination of answers: about
0.6 s on the shipped content, half of it importing MkDocs, Pydantic and Jinja. What
it finds is a pure function of the configuration file (and the environment variables
it names with ``!ENV``), the bytes of every file under the content and locales
folders, and the code. The next check with the same inputs prints the same findings
from the build cache, after hashing those files, without importing any of that.

The configuration is only skimmed here, with PyYAML, for the three folders it names
(``content_dir``, ``locales_dir``, ``cache_dir``); anything this skim does not
understand (``INHERIT``, a folder given by a tag, no kbgen plugin) goes the slow way,
where MkDocs reads and validates it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbgen.cache import BuildCache, digest, tree_key
from kbgen.errors import Problem

_NAME = "check"
_PROJECT = "check-project"


@dataclass(frozen=True)
class Findings:
    """What a check found: the content's problems, and the summary of a passing one."""

    problems: tuple[Problem, ...]
    failed: bool
    """Whether the content has errors (the problems then include them)."""
    summary: tuple[str, ...] = ()
    """The lines that describe the content checked (counts, the rules' verification)."""


@dataclass(frozen=True)
class Inputs:
    """Where a check's findings are kept, and the key of everything they depend on."""

    store: BuildCache
    key: str
    config_key: str = ""
    """The key of the configuration alone (its file and the variables it reads)."""


def inputs_of(config_file: Path, content: bool = True) -> Inputs | None:
    """The key of a check's inputs, or ``None`` if the configuration needs MkDocs to read;
    without the ``content`` (the key of the configuration alone, for ``recall_project``)."""
    try:
        text = config_file.read_bytes()
    except OSError:
        return None
    skimmed = _skim(text)
    if skimmed is None:
        return None
    options, env_names = skimmed
    root = config_file.parent
    folders = [options.get("content_dir", "content"), options.get("locales_dir", "locales")]
    cache_dir = options.get("cache_dir", ".cache/kbgen")
    if not all(isinstance(folder, str) for folder in [*folders, cache_dir]):
        return None
    if options.get("cache", True) is not True:
        return None
    parts: list[str | bytes] = [str(config_file.resolve()), text]
    parts += [f"{name}={os.environ.get(name)}" for name in sorted(env_names)]
    config_key = digest(*parts)
    if not content:
        return Inputs(BuildCache(root / cache_dir), config_key, config_key)
    for folder in folders:
        parts += [folder, tree_key(root / folder)]
    return Inputs(BuildCache(root / cache_dir), digest(*parts), config_key)


def recall(inputs: Inputs) -> Findings | None:
    """The findings of the last check with these inputs, if it was kept."""
    kept = inputs.store.read(_NAME)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == inputs.key:
        findings = kept[1]
        return findings if isinstance(findings, Findings) else None
    return None


def keep(inputs: Inputs, findings: Findings) -> None:
    """Keep a check's findings for the next one with the same inputs."""
    # If it cannot be written, the next check does the work again.
    with contextlib.suppress(OSError, pickle.PicklingError):
        inputs.store.write(_NAME, (inputs.key, findings))


def recall_project(inputs: Inputs) -> Any:
    """The project that MkDocs read from this same configuration, if it was kept
    (``kbgen.project.Project``): a check after a change to the content, or a build (whose
    tasks read the configuration with MkDocs), does not need MkDocs to read an unchanged
    configuration again."""
    kept = inputs.store.read(_PROJECT)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == inputs.config_key:
        return kept[1]
    return None


def keep_project(inputs: Inputs, project: Any) -> None:
    """Keep the project read from the configuration, for the next check."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        inputs.store.write(_PROJECT, (inputs.config_key, project))


def _skim(text: bytes) -> tuple[dict[str, Any], set[str]] | None:
    """The kbgen plugin's options and the names ``!ENV`` reads, or ``None``."""
    skimmed = skim(text)
    return None if skimmed is None else skimmed[1:]


def skim(text: bytes) -> tuple[dict[str, Any], dict[str, Any], set[str]] | None:
    """A configuration file's data, its kbgen options and the names ``!ENV`` reads; ``None``
    where it does not parse, inherits from another file or has no kbgen plugin."""
    import yaml

    env_names: set[str] = set()

    class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
        pass

    def tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        if suffix == "ENV":
            names = value if isinstance(value, list) else [value]
            env_names.update(name for name in names if isinstance(name, str))
        return _Tagged()

    _Loader.add_multi_constructor("!", tagged)
    try:
        config = yaml.load(text, Loader=_Loader)  # a safe loader
    except yaml.YAMLError:
        return None
    if not isinstance(config, dict) or "INHERIT" in config:
        return None
    plugins = config.get("plugins") or ()
    if isinstance(plugins, dict):  # MkDocs takes a mapping too
        plugins = [{name: options} for name, options in plugins.items()]
    for plugin in plugins:
        if plugin == "kbgen":
            return config, {}, env_names
        if isinstance(plugin, dict) and "kbgen" in plugin:
            options = plugin["kbgen"]
            if options is None:
                return config, {}, env_names
            return (config, options, env_names) if isinstance(options, dict) else None
    return None


class _Tagged:
    """A tagged value (``!ENV``, ``!relative``): never a folder name the skim can use."""
