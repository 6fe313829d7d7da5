"""axe-core 4 (the copy axe-core-python ships), in Chromium, on the key pages of the real plan in
both languages, at a phone's width and a desk's: no violation of any impact."""

import json

import pytest
from axe_core_python.selenium import Axe

from conftest import WIDTHS, set_viewport

PAGES = [f"{kind}-{language}" for language in ("zh", "en")
         for kind in ("home", "section", "dashboard", "departments", "department", "brief")]


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violation(browser, site_url, key_pages, screenshot, name):
    browser.get(site_url + key_pages[name])
    found = {}
    for width in WIDTHS:
        set_viewport(browser, width)
        violations = Axe().run(browser)["violations"]
        if violations:
            found[width] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    screenshot(name)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
