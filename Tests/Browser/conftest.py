"""The browser harness of every test in Tests/Browser: the planpress executable, the real plan
built once (search index and PDF briefs included) into a temporary folder, a local web server over
it, one headless Chromium driven by Selenium for the whole session, and screenshots at phone and
desktop widths for a person to look at.

`make test` runs these after the Swift tests, with PLANPRESS naming the executable it built;
PLANPRESS_SITE names a site already built so, to run them again without building it.
"""

import functools
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parents[2]
PHONE, DESKTOP = 375, 1280
WIDTHS = (PHONE, DESKTOP)
# Selenium Manager, which Selenium runs when it is not given a driver, would look for browsers and
# send usage statistics over the network: the tests use Debian's chromium and chromium-driver, offline.
os.environ["SE_OFFLINE"] = "true"
os.environ["SE_AVOID_STATS"] = "true"


def planpress_executable():
    """The planpress to test: $PLANPRESS, else the debug build's."""
    if os.environ.get("PLANPRESS"):
        return Path(os.environ["PLANPRESS"])
    bin_path = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.strip()
    return Path(bin_path) / "planpress"


def free_port():
    """A port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def planpress():
    executable = planpress_executable()
    assert executable.exists(), f"{executable} is missing: run swift build first"
    return executable


@pytest.fixture(scope="session")
def session_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def built_site(planpress, session_folder):
    """The real plan (Content/), built once with its search index and its PDF briefs; fails with
    planpress's output when the build fails."""
    if os.environ.get("PLANPRESS_SITE"):
        return Path(os.environ["PLANPRESS_SITE"])
    output = session_folder / "site"
    result = subprocess.run(
        [str(planpress), "build", "--content", str(REPO / "Content"), "--templates", str(REPO / "Templates"),
         "--output", str(output), "--pdf"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return output


def open_page(browser, site, page):
    """Opens `page` (a path in `site`) from its file: the layout and PDF tests need no server."""
    browser.get((site / page).as_uri())


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site over HTTP on loopback (search needs HTTP: Pagefind fetches its index)."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def chromium_options():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    # Without scrollbars, a page is laid out as wide as the viewport, as on a phone; the pages opened
    # from their files (open_page) may read the site's other files.
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--disable-gpu", "--lang=en-US", "--hide-scrollbars", "--allow-file-access-from-files"):
        options.add_argument(argument)
    return options


def start_chromium():
    """Headless Chromium (Debian's chromium) through Debian's chromium-driver."""
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=chromium_options(), service=service)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    driver = start_chromium()
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(180)
    yield driver
    driver.quit()


def set_viewport(browser, width, height=900):
    """Lays pages out `width` × `height` CSS pixels, exactly, until set again (across pages): a
    window of that size would show less, as its frame takes some of its height."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


@pytest.fixture(autouse=True)
def desktop_width(request):
    """Every test starts at the desktop width, whatever the one before left."""
    if "browser" in request.fixturenames:
        set_viewport(request.getfixturevalue("browser"), DESKTOP)


_screenshot_folders = []


@pytest.fixture(scope="session")
def screenshot_folder():
    """Where screenshots go: $PLANPRESS_SCREENSHOTS, else a new temporary folder, printed at the end."""
    folder = Path(os.environ.get("PLANPRESS_SCREENSHOTS") or tempfile.mkdtemp(prefix="planpress-screenshots-"))
    folder.mkdir(parents=True, exist_ok=True)
    _screenshot_folders.append(folder)
    return folder


@pytest.fixture(scope="session")
def key_pages(built_site):
    """The pages every browser check visits, by name, in both languages: paths from the site's root."""
    def first(folder):
        return sorted(p.name for p in (built_site / folder).iterdir() if p.is_dir())[0]
    section, department, brief = first("sections"), first("departments"), first("print")
    pages = {}
    for prefix, language in (("", "zh"), ("en/", "en")):
        pages.update({
            f"home-{language}": prefix,
            f"section-{language}": f"{prefix}sections/{section}/",
            f"dashboard-{language}": f"{prefix}dashboard/",
            f"departments-{language}": f"{prefix}departments/",
            f"department-{language}": f"{prefix}departments/{department}/",
            f"brief-{language}": f"{prefix}print/{brief}/",
        })
    return pages


@pytest.fixture
def screenshot(browser, screenshot_folder):
    """screenshot(name): the page open now, whole, at each width, as NAME-375.png and NAME-1280.png."""
    def take(name):
        for width in WIDTHS:
            set_viewport(browser, width)
            height = browser.execute_script("return document.documentElement.scrollHeight")
            set_viewport(browser, width, min(max(height, 900), 12000))
            browser.execute_script("window.scrollTo(0, 0)")
            browser.save_screenshot(str(screenshot_folder / f"{name}-{width}.png"))
        set_viewport(browser, DESKTOP)
    return take


def pytest_terminal_summary(terminalreporter):
    for folder in _screenshot_folders:
        terminalreporter.write_line(f"browser tests: screenshots at 375 and 1280 px wide in {folder}")
