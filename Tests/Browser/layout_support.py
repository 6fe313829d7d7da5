"""What the layout and PDF text tests share: the site of Content/ built once (with its PDFs) by
the planpress that `swift build` made, and a headless Chromium driven by Selenium."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPOSITORY = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh", "en")


def planpress_binary():
    """PLANPRESS_BIN, or the debug build that `make test` has just made."""
    if os.environ.get("PLANPRESS_BIN"):
        return os.environ["PLANPRESS_BIN"]
    subprocess.run(["swift", "build", "--product", "planpress"], cwd=REPOSITORY, check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPOSITORY, check=True, capture_output=True, text=True)
    return os.path.join(bin_path.stdout.strip(), "planpress")


@pytest.fixture(scope="session")
def site():
    """Content/ built into a temporary folder, PDFs included; PLANPRESS_SITE names one already built."""
    if os.environ.get("PLANPRESS_SITE"):
        yield Path(os.environ["PLANPRESS_SITE"])
        return
    folder = Path(tempfile.mkdtemp(prefix="planpress-layout-"))
    output = folder / "Output"
    subprocess.run(
        [planpress_binary(), "build", "--content", "Content", "--templates", "Templates", "--output", str(output), "--pdf"],
        cwd=REPOSITORY, check=True, stdout=subprocess.DEVNULL)
    yield output
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files"):
        options.add_argument(argument)
    # The Debian chromedriver, so that Selenium never goes looking for one on the network.
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    yield driver
    driver.quit()


def set_width(driver, width, height=900):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def pages(site):
    """Every HTML page of the site but the 404 page, as paths relative to it."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("index.html"))


def open_page(driver, site, page):
    driver.get((site / page).as_uri())


def visit_every_page(driver, site, width=None):
    """Opens each page in turn (at `width` when given) and yields its path once it is loaded."""
    if width:
        set_width(driver, width)
    for page in pages(site):
        open_page(driver, site, page)
        yield page
