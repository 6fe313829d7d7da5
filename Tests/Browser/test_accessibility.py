"""axe-core, in Chromium, on the key pages of the real plan in both languages: no violation of any impact."""

import pytest
from axe_selenium_python import Axe

PAGES = [f"{kind}-{language}" for language in ("zh", "en")
         for kind in ("home", "section", "dashboard", "departments", "department", "brief")]


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violation(browser, site_url, key_pages, screenshot, name):
    browser.get(site_url + key_pages[name])
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    screenshot(name)
    violations = results["violations"]
    assert violations == [], axe.report(violations)
