"""The live preview in a browser: the page reloads by itself, and the banner is readable."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.conftest import SmallProject
from tests.helpers import (
    AXE,
    BROKEN,
    EDITED,
    ENTRY,
    ENTRY_PATH,
    NEW_ANSWER,
    OLD_ANSWER,
    YAML_ERROR,
    running_preview,
)


def test_the_open_page_follows_the_files(browser: Browser, small_project: SmallProject) -> None:
    with running_preview(small_project, "--locale", "fr") as preview:
        page = browser.new_page()
        try:
            page.goto(preview.url + ENTRY_PATH)
            article = page.locator("article")
            expect(article).to_contain_text(OLD_ANSWER)
            page.wait_for_load_state("load")  # the reload script starts polling on load

            small_project.write(ENTRY, BROKEN)
            banner = page.locator("[data-kb-preview-errors]")
            expect(banner).to_contain_text(YAML_ERROR, timeout=30_000)
            expect(banner).to_be_visible()
            expect(banner).to_have_attribute("role", "alert")
            expect(article).to_contain_text(OLD_ANSWER)
            page.evaluate(AXE)
            result = page.evaluate(
                "async () => (await axe.run({include: [['[data-kb-preview-errors]']]},"
                " {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.help)"
            )
            assert result == []

            small_project.write(ENTRY, EDITED)
            expect(article).to_contain_text(NEW_ANSWER, timeout=30_000)
            expect(banner).to_have_count(0)
        finally:
            page.close()
        assert preview.stop() == 0
