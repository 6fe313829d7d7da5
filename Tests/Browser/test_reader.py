"""The real plan as a reader uses it, in Chromium: switching language, searching, following links."""

from urllib.parse import unquote, urljoin

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait


def wait(browser, seconds=10):
    return WebDriverWait(browser, seconds)


def path_of(url, site_url):
    return url.split("#")[0].removeprefix(site_url)


def test_language_switch_lands_on_the_same_section(browser, site_url, key_pages):
    browser.get(site_url + key_pages["section-zh"])
    browser.find_element(By.CSS_SELECTOR, '.switcher a[hreflang="en"]').click()
    wait(browser).until(lambda b: path_of(b.current_url, site_url) == key_pages["section-en"])
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.CSS_SELECTOR, '.switcher a[hreflang="zh"]').click()
    wait(browser).until(lambda b: path_of(b.current_url, site_url) == key_pages["section-zh"])


def search(browser, page_url, query):
    """Types `query` into the page's search box; returns the results' links once they are shown."""
    browser.get(page_url)
    form = wait(browser).until(ready.visibility_of_element_located((By.CSS_SELECTOR, "form.search")))
    box = form.find_element(By.CSS_SELECTOR, "input[type=search]")
    box.clear()
    box.send_keys(query)
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".search-results li"))
    return browser.find_elements(By.CSS_SELECTOR, ".search-results li a")


def open_first_result(browser, page_url, query):
    links = search(browser, page_url, query)
    assert links, f"no result for {query!r}"
    target = links[0].get_attribute("href")
    links[0].click()
    wait(browser).until(lambda b: b.current_url == target)
    return target


def test_search_in_chinese_finds_dibao(browser, site_url, key_pages, screenshot):
    target = open_first_result(browser, site_url + key_pages["home-zh"], "低保")
    assert "#" in target, f"the result {target} does not lead to a heading"
    anchor = unquote(target.split("#", 1)[1])
    assert browser.find_element(By.ID, anchor).tag_name in ("h1", "h2", "h3", "h4", "h5", "h6")
    assert "低保" in browser.find_element(By.TAG_NAME, "main").text
    screenshot("search-result-zh")


def test_search_in_english_finds_dibao(browser, site_url, key_pages):
    open_first_result(browser, site_url + key_pages["home-en"], "dibao")
    assert path_of(browser.current_url, site_url).startswith("en/")
    assert "dibao" in browser.find_element(By.TAG_NAME, "main").text.lower()


def test_search_finds_a_target_by_its_label(browser, site_url, key_pages):
    browser.get(site_url + key_pages["section-zh"])
    label = browser.find_element(By.CSS_SELECTOR, "table.targets tbody th[scope=row]").text
    links = search(browser, site_url + key_pages["home-zh"], label)
    section = key_pages["section-zh"]
    assert any(path_of(link.get_attribute("href"), site_url) == section for link in links), \
        f"no result for the target {label!r} leads to {section}"


def test_target_department_link(browser, site_url, key_pages):
    browser.get(site_url + key_pages["section-en"])
    link = browser.find_element(By.CSS_SELECTOR, "table.targets tbody a[href*='departments/']")
    name = link.text
    expected = urljoin(browser.current_url, link.get_attribute("href"))
    link.click()
    wait(browser).until(lambda b: b.current_url == expected)
    assert name in browser.find_element(By.TAG_NAME, "h1").text
