"""The MkDocs plugin: hands the rendered pages of one locale to MkDocs.

It only wires: loading and checking live in ``kbgen.project``, pages in
``kbgen.render``, the build in ``kbgen.build``. ``kbgen build`` prepares each
locale's plugin with a ``LocaleJob`` (the knowledge base it has already loaded);
a plain ``mkdocs build`` or ``mkdocs serve`` gets its job from
``kbgen.build.standalone_job`` (the default locale, or ``$KBGEN_LOCALE``).
"""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from kbgen.build import standalone_job
from kbgen.config import ConfigError, KbgenConfig
from kbgen.content.loader import ASSETS_DIR
from kbgen.forks import tell_parent
from kbgen.i18n import LocaleError, SiteLocale, install_interface_strings, load_translations
from kbgen.incremental import locale_key, page_key, static_key
from kbgen.jobs import LocaleJob
from kbgen.render.alternates import LOCALE_STORAGE_KEY, hreflang
from kbgen.render.fragments import install_fragments, nav_key
from kbgen.render.markdown import sanitize
from kbgen.render.page import Page, toc_tokens
from kbgen.render.pages import locale_files, locale_nav, locale_pages, page_dates
from kbgen.render.policy import ThemeScripts, with_policy
from kbgen.render.renderer import LocaleRenderer
from kbgen.render.root import site_description
from kbgen.render.urls import CONTACT_PATH, SEARCH_INDEX_DIR, SEARCH_PATH, media_files, relative_url

if TYPE_CHECKING:
    from kbgen.search import SearchTask

log = logging.getLogger("mkdocs.plugins.kbgen")

#: Where the owner's logo is published in each locale (with its own suffix).
OWNER_LOGO = "assets/kbgen/owner-logo"

_ROOT_LINK = re.compile(r'\b(href|src)="/(?!/)')


def _theme_language(config: MkDocsConfig, locale: SiteLocale) -> str:
    """The locale's own tag where the theme (or our overrides) has it, else Material's."""
    for directory in config.theme.dirs:
        if (Path(directory) / "partials" / "languages" / f"{locale.tag}.html").is_file():
            return locale.tag
    return locale.material_language


class _RenderedPage(MkPage):
    """A page that kbgen has rendered: after its front matter, its source is the finished
    HTML, which MkDocs need not convert (a ``Markdown()`` a page, for its title alone, was
    about 4% of a full build). MkDocs takes a page that a plugin has set as the file's
    (``File.page``)."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        body = self.markdown or ""
        tokens = toc_tokens(body)
        self.content = body
        self.toc = get_toc(tokens)  # type: ignore[arg-type]
        # Its title is in its front matter or the navigation; the anchors a link may
        # point at are its headings'.
        self.present_anchor_ids = {
            anchor["id"] for token in tokens for anchor in (token, *token["children"])
        }


class _PageFile(File):
    """A page or another file of the locale. A ``kept`` one is the last build's, as this
    build would write it: MkDocs builds the site ``dirty`` and skips it (it stays where it
    is; ``kbgen.publish``)."""

    kept = False

    def is_modified(self) -> bool:
        return not self.kept and super().is_modified()


def _plain_config(config: MkDocsConfig) -> dict[str, Any]:
    """The final configuration as plain data, for ``kbgen.incremental.locale_key``."""
    options: dict[str, Any] = {
        key: value
        for key, value in config.items()
        if key not in ("plugins", "hooks", "site_dir", "strict", "theme")
    }
    options["theme"] = {"dirs": config.theme.dirs, "vars": dict(config.theme.items())}
    plugins: dict[str, Any] = {}
    for name, plugin in config.plugins.items():
        if isinstance(plugin, KbgenPlugin):
            plugins[name] = dataclasses.asdict(plugin.options)
        elif hasattr(plugin, "config"):
            plugins[name] = dict(plugin.config)
        else:  # a hook: a module of the project, which counts by its source
            path = getattr(plugin, "__file__", None)
            plugins[name] = Path(path).read_text("utf-8") if path else repr(plugin)
    options["plugins"] = plugins
    return options


class KbgenPlugin(BasePlugin):  # type: ignore[type-arg]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._nav_titles: dict[str, str] = {}
        self.options = KbgenConfig()
        self.job: LocaleJob | None = None
        self.pages: dict[str, Page] = {}
        self.static_files: dict[str, str] = {}
        self._policy = True
        self.theme_scripts = ThemeScripts()
        self._theme_scripts: list[str] = []
        self.search: SearchTask | None = None
        """The locale's index, when the job leaves it to another worker (``index_apart``)."""
        self._searched = False

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        """Options are checked once, by ``KbgenConfig.parse``, each problem naming its key."""
        where = config_file_path or "mkdocs.yml"
        try:
            self.options = KbgenConfig.parse(options, where)
        except ConfigError as error:
            return [(key, ValidationError(message)) for key, message in error.problems], []
        logo = self.options.owner.logo
        if logo is not None and not (Path(where).resolve().parent / logo).is_file():
            message = f"the file {logo!r} does not exist (relative to {where})"
            return [("owner.logo", ValidationError(message))], []
        return [], []

    def prepare(self, job: LocaleJob) -> None:
        """Render ``job.locale`` from an already loaded knowledge base (``kbgen build``)."""
        self.job = job

    def root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or "mkdocs.yml").resolve().parent

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` adds an inline reload script to every page it serves, which
        # the pages' policy would refuse: its pages carry none.
        self._policy = command != "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs may hand the same plugin to each build of a worker: nothing of the
        # last locale's build stays.
        self.search = None
        self._searched = False
        job = self.job or standalone_job(config, self.options)
        locale = job.locale
        root = self.root(config)
        site_locale = SiteLocale(locale)
        locales_dir = root / self.options.locales_dir
        try:
            translations = load_translations(locales_dir, locale)
        except LocaleError as error:
            raise PluginError(str(error)) from None
        site_name = self.options.site_names.get(locale, config.site_name)
        fallback = (
            (lambda tag: load_translations(locales_dir, tag))
            if self.options.fallback_pages
            else None
        )
        renderer = LocaleRenderer(
            job.kb,
            site_locale,
            translations,
            site_name,
            fallback,
            memo=job.memo,
            bytecode_cache=job.bytecode_cache,
            site_url=config.site_url or None,
        )
        self.locale_tag = locale
        self.renderer = renderer
        self.translations = translations
        # A rebuild hands the index over as soon as the texts are known, to be built
        # beside the pages (its longest task); a first build, with the pages.
        if job.index_apart and job.reuse and job.reuse.previous and not job.search_later:
            self._search(config)
            self._searched = True
            if self.search is not None and tell_parent(self.search):
                self.search = None
        self.pages = {page.src_uri: page for page in locale_pages(renderer)}
        self.static_files = locale_files(renderer)

        config.site_name = site_name
        # The description of pages without their own (search, 404), in the locale.
        config.site_description = config.site_description or site_description(translations)
        config.theme["language"] = _theme_language(config, site_locale)
        config.use_directory_urls = True
        # MkDocs' templates do not escape: titles from the content are escaped here.
        self._nav_titles = {item.src_uri: html.escape(item.title) for item in locale_nav(renderer)}
        config.nav = [{title: uri} for uri, title in self._nav_titles.items()]
        # mkdocs-material shows the header's language menu when this is truthy, and writes
        # head links for it when it is iterable: True gets our menu (partials/alternate.html,
        # with each page's own targets) without the theme's static links.
        config.extra["alternate"] = True
        # Whose help centre this is (theme/partials/copyright.html); the theme's credit
        # only where the site asks for it, as Material's `extra.generator: true`.
        owner = self.options.owner
        config.extra["kb_owner"] = dataclasses.asdict(owner)
        config.extra["generator"] = config.extra.get("generator") is True
        if owner.logo is not None:
            config.theme["logo"] = OWNER_LOGO + Path(owner.logo).suffix.lower()
        # Where the language menu (assets/kbgen/languages.js) remembers the reader's choice.
        config.extra["kb_locale_key"] = LOCALE_STORAGE_KEY
        config.extra["kb_locale"] = locale
        config.validation.nav.omitted_files = logging.DEBUG
        config.validation.nav.absolute_links = logging.DEBUG
        # The generated pages are HTML already: MkDocs need not convert them (which cost
        # as much as all the rest of a locale's build). See on_page_markdown.
        config.markdown_extensions = []
        config.mdx_configs = {}
        self._root_relative_404 = not config.site_url
        if config.site_url:
            config.site_url = config.site_url.rstrip("/") + f"/{locale}/"
        self._locale_key = (
            locale_key(
                _plain_config(config), [Path(d) for d in config.theme.dirs], locales_dir, locale
            )
            if job.reuse is not None
            else ""
        )
        if self.job is not None:
            # The docs folder holds the content, which kbgen has loaded: MkDocs need not
            # list its thousands of files only for on_files to drop them (``kbgen build``
            # removes this empty folder with its temporary files).
            config.docs_dir = tempfile.mkdtemp(prefix="no-docs-")
        return config

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # Without site_url, MkDocs writes the 404 page's links from the domain root, but
        # this locale lives in /<locale>/: point them there (set site_url for a sub-path).
        if template_name == "404.html" and self._root_relative_404:
            output_content = _ROOT_LINK.sub(rf'\1="/{self.locale_tag}/', output_content)
        if template_name.endswith(".html") and self._with_policy:
            output_content = with_policy(output_content, self._theme_scripts)
        return output_content

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        # The theme's own inline scripts for this template, as its partials write them.
        self._theme_scripts = self.theme_scripts.of(context)
        return context

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        return with_policy(output, self._theme_scripts) if self._with_policy else output

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The docs folder holds YAML, not pages: keep the theme's assets, drop the
        # content files, and add the generated pages.
        docs_dir = os.path.normpath(config.docs_dir) + os.sep
        kept = [
            self._theme_file(file)
            for file in files
            if file.abs_src_path is None or not file.abs_src_path.startswith(docs_dir)
        ]
        generated = [self._page_file(config, uri, page) for uri, page in self.pages.items()]
        generated += [
            self._static_file(config, uri, text) for uri, text in self.static_files.items()
        ]
        logo = self.options.owner.logo
        if logo is not None:
            generated.append(
                File.generated(
                    config, config.theme["logo"], abs_src_path=str(self.root(config) / logo)
                )
            )
        # The writers' images, under media/ so that they never collide with the theme's assets.
        assets = self.root(config) / self.options.content_dir / ASSETS_DIR
        generated += [
            File.generated(config, uri, abs_src_path=str(path))
            for uri, path in media_files(assets).items()
        ]
        return Files(kept + generated)

    def _page_file(self, config: MkDocsConfig, uri: str, page: Page) -> File:
        """A page's file; one that the last build published as it is now is taken from there."""
        file = _PageFile.generated(config, uri, content=page.markdown)
        assert isinstance(file, _PageFile)
        # Its page, with the title the navigation gives it (as MkDocs would make it).
        _RenderedPage(self._nav_titles.get(uri), file, config)
        reuse = self.job.reuse if self.job else None
        if reuse is not None:
            file.kept = reuse.take(file.dest_uri, page_key(self._locale_key, page))
        return file

    def _theme_file(self, file: File) -> File:
        """A file of the theme; one that the last build published is taken from there (the
        locale's key covers the theme's files)."""
        reuse = self.job.reuse if self.job else None
        if reuse is None or file.abs_src_path is None or file.generated_by is not None:
            return file
        kept = _PageFile(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls)
        kept.kept = reuse.take(kept.dest_uri, static_key(self._locale_key, file.abs_src_path))
        return kept

    def _static_file(self, config: MkDocsConfig, uri: str, text: str) -> File:
        """A file of the locale's data (the quiz's rules); one that the last build published
        as it is now is taken from there."""
        file = _PageFile.generated(config, uri, content=text)
        assert isinstance(file, _PageFile)
        reuse = self.job.reuse if self.job else None
        if reuse is not None:
            file.kept = reuse.take(file.dest_uri, static_key(self._locale_key, uri, text))
        return file

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.job is not None and self.job.bytecode_cache is not None:
            env.bytecode_cache = self.job.bytecode_cache
        env.add_extension("jinja2.ext.i18n")
        # The pages that theme/sitemap.xml leaves out, as main.html marks them noindex.
        env.globals["kb_noindex"] = frozenset(
            uri for uri, page in self.pages.items() if "robots" in page.meta
        )
        # Each page's date for theme/sitemap.xml: when its text changed, not the build's date.
        env.globals["kb_lastmod"] = page_dates(self.pages, self.renderer)
        install_interface_strings(env, self.translations, sanitize)
        install_fragments(env, config.theme.dirs)
        self.theme_scripts = ThemeScripts(env)
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: MkPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        kb_page = self.pages.get(page.file.src_uri)
        context["kb_page"] = kb_page  # type: ignore[typeddict-unknown-key]
        key = nav_key(page.url, page in nav.pages)
        context["kb_nav_key"] = key  # type: ignore[typeddict-unknown-key]
        self._theme_scripts = self.theme_scripts.of(context)
        if kb_page is not None:
            search_url = relative_url(kb_page.path, SEARCH_PATH)
            context["kb_search_url"] = search_url  # type: ignore[typeddict-unknown-key]
            contact_url = relative_url(kb_page.path, CONTACT_PATH)
            context["kb_contact_url"] = contact_url  # type: ignore[typeddict-unknown-key]
            context["kb_hreflang"] = hreflang(kb_page, page.canonical_url)  # type: ignore[typeddict-unknown-key]
            if kb_page.kind == "search":
                from kbgen.search import search_preloads

                preloads = search_preloads(self.locale_tag)
                context["kb_preload"] = preloads  # type: ignore[typeddict-unknown-key]
            # Open Graph writes a locale as language_TERRITORY.
            og_locale = self.renderer.locale.tag.replace("-", "_")
            context["kb_og_locale"] = og_locale  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self._searched:
            self._search(config)

    def _search(self, config: MkDocsConfig) -> None:
        """Build the locale's search index, or keep the published one, or leave it to
        another worker (``index_apart``): handed back with the pages (``self.search``),
        or at once to the parent (``kbgen.forks.tell_parent``) while the pages are written."""
        from kbgen.search import documents_for, keep_locale_search, run_search_task, search_task

        # The search index is built fresh with every build, from the pages' own text,
        # unless the last build's was built from the same.
        out = Path(config.site_dir) / SEARCH_INDEX_DIR
        reuse = self.job.reuse if self.job else None
        # The preview's first pass keeps the index the last build published, and so does a
        # build where nothing that the index reads has changed, without its documents.
        job = self.job
        keep = job is not None and (job.search_later or job.search_unchanged)
        if keep and reuse is not None and reuse.keep_folder(SEARCH_INDEX_DIR):
            return
        documents = documents_for(self.renderer)
        # The Whoosh index is kept in the build cache for `kbgen search`.
        cache_dir = self.job.cache_dir if self.job else None
        task = search_task(self.renderer, out, documents, cache_dir)
        if reuse is not None and reuse.take_folder(SEARCH_INDEX_DIR, task.key):
            keep_locale_search(task)
            return
        if self.job is not None and self.job.index_apart:
            self.search = task  # kbgen.build runs it in a worker of its own
            return
        run_search_task(task)
        if reuse is not None:
            reuse.record_folder(Path(config.site_dir), SEARCH_INDEX_DIR, task.key)

    @property
    def _with_policy(self) -> bool:
        return self.options.content_security_policy and self._policy
