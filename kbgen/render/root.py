"""The files at the site's root: the language chooser, the 404 page, the sitemap, robots.txt.

Rendered as text here, written by the build into the staging folder beside the
locales' sites (``kbgen.site``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from babel.support import Translations
from jinja2 import Environment, PackageLoader

from kbgen.i18n import SiteLocale, load_translations
from kbgen.project import KnowledgeBase, Project
from kbgen.render.alternates import LOCALE_STORAGE_KEY
from kbgen.render.policy import OwnScripts, with_policy
from kbgen.render.quiz import QUIZ_PATH, TABLE_PATH
from kbgen.render.urls import CONTACT_PATH, category_path, entry_path


def xml_escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped, as XML text needs (``xml.sax.saxutils.escape``, whose
    import brings in ``urllib.request`` and ``ssl``)."""
    return html.escape(text, quote=False)


def site_description(translations: Translations) -> str:
    """What the site is, in a locale (the home page's lead): the description of pages that
    have none of their own (search, 404, the language chooser), for search engines' snippets."""
    return translations.gettext(
        "Answers to questions about support, licensing and contacting us, in your language."
    )


def root_files(
    project: Project, kb: KnowledgeBase, built: Sequence[str] | None = None
) -> dict[str, str]:
    """The language chooser, the root 404 page, robots.txt and the sitemap with alternates.

    ``built``: the locales this build writes (all by default); the root files
    offer only those, so that a build of one locale links to nothing missing.
    """
    env = Environment(loader=PackageLoader("kbgen", "templates"), autoescape=True)
    tags = [tag for tag in project.locales if built is None or tag in built]
    locales = [SiteLocale(tag) for tag in tags]
    languages = [
        {"tag": loc.tag, "name": loc.own_name, "primary": loc.babel.language} for loc in locales
    ]
    main = project.options.main_locale
    default = main if main in tags else tags[0]
    context = {
        "languages": languages,
        "default": default,
        "site_name": project.site_name,
        "description": site_description(load_translations(project.locales_dir, default)),
        # Search engines want absolute alternates and canonical links: where the site is.
        "base": project.site_url.rstrip("/") + "/" if project.site_url else "",
        # Each locale's site carries the theme's favicon; the chooser uses its default's.
        "favicon": project.favicon,
        "storage_key": LOCALE_STORAGE_KEY,
    }
    files = {}
    for name in ("index.html", "404.html"):
        scripts = OwnScripts()
        page = env.get_template(f"root/{name}").render(context, scripts=scripts)
        if project.options.content_security_policy:
            page = with_policy(page, scripts.texts)
        files[name] = page
    robots = "User-agent: *\nAllow: /\n"
    if project.site_url:
        files["sitemap.xml"] = sitemap(project.site_url, kb, tags)
        robots += f"Sitemap: {project.site_url.rstrip('/')}/sitemap.xml\n"
    files["robots.txt"] = robots
    return files


def sitemap(site_url: str, kb: KnowledgeBase, tags: list[str]) -> str:
    """Every indexed page of the locales ``tags``, each with its alternates in the others."""
    base = site_url.rstrip("/") + "/"
    groups: list[dict[str, str]] = [{tag: "" for tag in tags}, {tag: CONTACT_PATH for tag in tags}]
    for category in sorted(kb.categories):
        groups.append(
            {
                tag: category_path(category)
                for tag in tags
                if any(
                    e.category == category and tag in e.translations for e in kb.entries.values()
                )
            }
        )
    # When each entry's text last changed in each locale (kbgen.content.dates), as its page says.
    lastmod: dict[tuple[str, str], str] = {}
    for entry_id in sorted(kb.entries):
        entry = kb.entries[entry_id]
        groups.append({tag: entry_path(entry_id) for tag in tags if tag in entry.translations})
        for tag, translation in entry.translations.items():
            if translation.updated is not None:
                lastmod[(tag, entry_path(entry_id))] = translation.updated.isoformat()
    # The quiz and its table: the same in every locale.
    if kb.rules is not None and kb.rules.programmes:
        for path in (QUIZ_PATH, TABLE_PATH):
            groups.append({tag: path for tag in tags})
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for group in groups:
        for tag, path in group.items():
            lines.append(f"<url><loc>{xml_escape(base + tag + '/' + path)}</loc>")
            if (tag, path) in lastmod:
                lines.append(f"<lastmod>{lastmod[(tag, path)]}</lastmod>")
            for other, other_path in group.items():
                href = xml_escape(base + other + "/" + other_path)
                lines.append(f'<xhtml:link rel="alternate" hreflang="{other}" href="{href}"/>')
            # Readers whose language is none of these get the language chooser.
            lines.append(
                f'<xhtml:link rel="alternate" hreflang="x-default" href="{xml_escape(base)}"/>'
            )
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
