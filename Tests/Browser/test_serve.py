"""`planpress serve` on a copy of the real plan, in Chromium: an edit reloads the open page, a
broken front matter shows the diagnostics over it, the mended file brings the page back; the
search index follows the edits; only the output folder is served; Ctrl-C stops it."""

import http.client
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, free_port
from serve_support import Preview
from test_reader import search

OVERLAY = "planpress-build-failed"


@pytest.fixture(scope="module")
def preview(planpress, tmp_path_factory):
    running = Preview(planpress, REPO / "Content", REPO / "Templates", tmp_path_factory.mktemp("serve"), free_port())
    yield running
    running.stop()


@pytest.fixture(scope="module")
def section(built_site):
    return sorted(p.name for p in (built_site / "sections").iterdir() if p.is_dir())[0]


def main_text(browser):
    """The text of the page's main, or nothing while the page reloads."""
    return browser.execute_script("return document.querySelector('main')?.innerText || ''")


def test_edit_reload_failure_overlay_and_recovery(browser, preview, section, screenshot):
    source = preview.section_file(section)
    original = source.read_text()
    browser.get(f"{preview.url}sections/{section}/")
    page_file = (preview.output / "sections" / section / "index.html").read_text()
    assert "__planpress" in browser.page_source, "the live-reload script is missing from the served page"
    assert "__planpress" not in page_file, "the live-reload script was written into the output folder"

    word = "预览" + uuid.uuid4().hex[:8]
    source.write_text(original + f"\n{word}是本次编辑写入的新段落。\n")
    WebDriverWait(browser, 20).until(lambda b: word in main_text(b))

    # A YAML mistake in the front matter: the page stays, under the diagnostics.
    lines = original.split("\n")
    broken_line = 2
    source.write_text("\n".join(lines[:1] + ["title: [unclosed"] + lines[1:]))
    overlay = WebDriverWait(browser, 20).until(lambda b: b.find_element(By.ID, OVERLAY) if b.find_elements(By.ID, OVERLAY) else None)
    WebDriverWait(browser, 5).until(lambda b: source.name in overlay.text)
    assert f"{source.name}:{broken_line}:" in overlay.text or f"{source.name}:{broken_line + 1}:" in overlay.text, overlay.text
    assert word in main_text(browser), "the last good page is no longer shown"
    screenshot("serve-overlay")
    # A page opened while the build is broken shows the diagnostics too.
    browser.get(f"{preview.url}dashboard/")
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, OVERLAY))

    source.write_text(original)
    browser.get(f"{preview.url}sections/{section}/")
    WebDriverWait(browser, 20).until(lambda b: word not in main_text(b) and not b.find_elements(By.ID, OVERLAY))


def test_search_follows_the_edits(browser, preview, section):
    source = preview.section_file(section)
    original = source.read_text()
    old, new = "zz" + uuid.uuid4().hex[:10], "zz" + uuid.uuid4().hex[:10]
    page = f"{preview.url}sections/{section}/"
    try:
        # Each edit is built twice: the pages first, then the whole site with its search index.
        builds = preview.builds()
        source.write_text(original + f"\n{old}\n")
        preview.wait_for_builds(builds + 2)
        assert search(browser, page, old), f"{old} is not found after the edit that wrote it"
        source.write_text(original + f"\n{new}\n")
        preview.wait_for_builds(builds + 4)
        assert search(browser, page, new), f"{new} is not found after the edit that wrote it"
        none = search(browser, page, old)
        assert none == [], f"{old} is still found after the edit that removed it"
    finally:
        source.write_text(original)


@pytest.mark.parametrize("path", [
    "/../Content/site.yaml", "/%2e%2e/Content/site.yaml", "/%2E%2E%2FContent%2Fsite.yaml", "/sections/..%2f..%2fContent/site.yaml",
    "/..%5cContent%5csite.yaml", "/.planpress-output", "/%00", "/assets/../../Content/site.yaml", "/%252e%252e/Content/site.yaml",
])
def test_only_the_output_folder_is_served(preview, path):
    connection = http.client.HTTPConnection("127.0.0.1", int(preview.url.rsplit(":", 1)[1].strip("/")), timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    assert response.status in (400, 403, 404), f"{path}: {response.status}"
    assert "base-url" not in body and "languages" not in body


def test_a_folder_without_its_slash_is_redirected(preview, section):
    connection = http.client.HTTPConnection("127.0.0.1", int(preview.url.rsplit(":", 1)[1].strip("/")), timeout=10)
    connection.request("GET", f"/sections/{section}")
    response = connection.getresponse()
    assert response.status == 302 and response.getheader("Location") == f"/sections/{section}/"


def test_ctrl_c_stops_cleanly(planpress, tmp_path):
    running = Preview(planpress, REPO / "Content", REPO / "Templates", tmp_path, free_port())
    assert "127.0.0.1" in running.text()
    assert running.stop() == 0, running.text()
    assert "stopped" in running.text()
    assert not list(tmp_path.glob(".Output.staging-*")), "a staging folder was left behind"
