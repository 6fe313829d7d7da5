"""Every page of the site of Content/ as a reader sees it in headless Chromium: at a phone's width
nothing scrolls sideways and every value of a target keeps a visible label; at every width no date
or amount breaks across lines, the navigation fits (axe is test_accessibility.py's)."""

import pytest

from conftest import DESKTOP, PHONE, open_page, set_viewport


def pages(site):
    """Every HTML page of the site but the 404 page, as paths relative to it."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("index.html"))


def visit_every_page(browser, site, width=None):
    """Opens each page in turn (at `width` when given) and yields its path once it is loaded."""
    if width:
        set_viewport(browser, width)
    for page in pages(site):
        open_page(browser, site, page)
        yield page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_page_scrolls_sideways(built_site, browser, width):
    too_wide = []
    for page in visit_every_page(browser, built_site, width):
        # With the menu of parts open too: it is the widest the header gets.
        browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        scroll_width = browser.execute_script("return document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append(f"{page}: {scroll_width} px")
        # Nor does a table run past the column of text it stands in.
        past = browser.execute_script("""
          return [...document.querySelectorAll('table')].map(table => {
            const column = table.parentElement.getBoundingClientRect();
            return Math.round(table.getBoundingClientRect().right - column.right);
          }).filter(excess => excess > 0);""")
        if past:
            too_wide.append(f"{page}: a table {max(past)} px past its column")
    assert not too_wide, f"pages wider than {width} px: {too_wide}"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_table_cell_wraps_a_date_or_an_amount(built_site, browser, width):
    wrapped = []
    for page in visit_every_page(browser, built_site, width):
        # A date (<time>) or an amount with its unit (.value) that wraps has more than one line box,
        # and one that overflows its cell pokes out of it.
        found = browser.execute_script("""
          const broken = [];
          for (const el of document.querySelectorAll('table time, table .value')) {
            const cell = el.closest('td, th').getBoundingClientRect();
            const box = el.getBoundingClientRect();
            if (el.getClientRects().length > 1 || box.right > cell.right + 0.5) broken.push(el.textContent);
          }
          return broken;""")
        wrapped += [f"{page}: {text!r}" for text in found]
    assert not wrapped, f"dates or amounts broken at {width} px: {wrapped[:20]}"


def test_every_value_of_a_target_has_a_visible_label_on_a_phone(built_site, browser):
    unlabelled = []
    checked = 0
    for page in visit_every_page(browser, built_site, PHONE):
        found = browser.execute_script("""
          const missing = [];
          let checked = 0;
          for (const table of document.querySelectorAll('table.targets')) {
            const names = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
            for (const row of table.querySelectorAll('tbody tr')) {
              [...row.children].forEach((cell, column) => {
                if (cell.tagName === 'TH') return;  // the row's header, the target itself, is its card's title
                checked += 1;
                const label = cell.querySelector('.cell-label');
                const shown = label && label.getBoundingClientRect().height > 0 && getComputedStyle(label).visibility === 'visible';
                if (!shown || label.textContent.trim() !== names[column]) missing.push(row.id + ' / ' + names[column]);
              });
            }
          }
          return [checked, missing];""")
        checked += found[0]
        unlabelled += [f"{page}: {name}" for name in found[1]]
    assert checked > 0, "no target's value was found to check"
    assert not unlabelled, f"values without a visible label: {unlabelled[:20]}"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_table_headers_stay_in_the_accessibility_tree(built_site, browser, width):
    set_viewport(browser, width)
    for language_root in ("", "en/"):
        page = f"{language_root}sections/social-assistance/index.html"
        open_page(browser, built_site, page)
        browser.execute_cdp_cmd("Accessibility.enable", {})
        nodes = browser.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
        headers = [n for n in nodes if n.get("role", {}).get("value") == "columnheader" and not n.get("ignored")]
        cells = [n for n in nodes if n.get("role", {}).get("value") in ("cell", "gridcell") and not n.get("ignored")]
        assert len(headers) >= 5, f"{page} at {width} px: {len(headers)} column headers in the accessibility tree"
        assert cells, f"{page} at {width} px: no table cells in the accessibility tree"


@pytest.mark.parametrize("language_root", ["", "en/"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_navigation_fits(built_site, browser, width, language_root):
    set_viewport(browser, width)
    open_page(browser, built_site, f"{language_root}sections/social-assistance/index.html")
    nav = browser.execute_script("""
      const nav = document.querySelector('.site-nav');
      const links = [...nav.querySelectorAll('a, summary')].filter(a => a.getClientRects().length > 0);
      return {height: nav.getBoundingClientRect().height,
              cut: links.filter(a => a.getBoundingClientRect().right > window.innerWidth).map(a => a.textContent)};""")
    # Two lines at most: the links, and the line that opens the list of parts.
    assert nav["height"] <= 90, f"the navigation is {nav['height']} px tall at {width} px"
    assert not nav["cut"], f"navigation links cut off at the edge: {nav['cut']}"


def test_chinese_sentences_have_no_stray_space_and_end_with_a_full_stop(built_site, browser):
    open_page(browser, built_site, "dashboard/index.html")
    paragraphs = browser.execute_script("return [...document.querySelectorAll('main > p')].map(p => p.innerText.trim())")
    assert paragraphs
    for text in paragraphs:
        assert "。 " not in text, f"a space after a full stop: {text!r}"
    dated = [text for text in paragraphs if "截至" in text]
    assert dated and all(text.endswith("。") for text in dated), paragraphs


def test_progress_bars_have_a_legend_on_the_page(built_site, browser):
    with_bars = 0
    for page in visit_every_page(browser, built_site):
        bars, legends = browser.execute_script(
            "return [document.querySelectorAll('svg.progress-bar').length,"
            " [...document.querySelectorAll('.chart-legend')].filter(l => l.getBoundingClientRect().height > 0).length]")
        if bars:
            with_bars += 1
            assert legends, f"{page}: progress bars without a legend"
    assert with_bars > 0, "no page with a progress bar: the legend was not checked"
