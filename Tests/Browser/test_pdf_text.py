"""Each PDF brief's text, extracted with pypdf (which reads the fonts' ToUnicode maps as they are,
without normalising look-alikes), is the text of its page: every character of the page is found in
order in the PDF, and no Kangxi or CJK radicals supplement character stands in for an ideograph.
They fail on PDFs printed with Noto CJK itself (see docs/printing.md)."""

import difflib
import subprocess

import pytest
from pypdf import PdfReader

from conftest import open_page

RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals


def pdf_text(path):
    return "".join(page.extract_text() or "" for page in PdfReader(path).pages)


def printed_text(driver, site, page):
    """What the page shows when printed: print.css hides the tools and shows the same text."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        open_page(driver, site, page)
        return driver.execute_script("return document.body.innerText")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def missing_from(pdf, page):
    """The characters of `page` (spaces aside) not matched, in order, in `pdf`: the PDF may add
    (running headers, page numbers, printed addresses), never lose or change a character."""
    page_chars = "".join(page.split())
    pdf_chars = "".join(pdf.split())
    matcher = difflib.SequenceMatcher(None, page_chars, pdf_chars, autojunk=False)
    missing, position = [], 0
    for start, _, size in matcher.get_matching_blocks():
        missing.append(page_chars[position:start])
        position = start + size
    return [text for text in missing if text]


def briefs(site):
    return sorted(site.glob("print/*.pdf")) + sorted(site.glob("en/print/*.pdf"))


def test_every_brief_pdf_extracts_as_its_page(built_site, browser):
    pdfs = briefs(built_site)
    assert len(pdfs) >= 2, "no PDF briefs were printed"
    failures = {}
    for pdf in pdfs:
        page = str(pdf.relative_to(built_site))[: -len(".pdf")] + "/index.html"
        text = pdf_text(pdf)
        printed = printed_text(browser, built_site, page)
        radicals = sorted({c for c in text if ord(c) in RADICALS and c not in printed})
        missing = missing_from(text, printed)
        if radicals or missing:
            failures[str(pdf.relative_to(built_site))] = f"radicals {''.join(radicals)!r}; missing {missing[:8]}"
    assert not failures, "\n".join(f"{name}: {problem}" for name, problem in failures.items())


def test_chinese_text_is_in_embedded_cid_fonts(built_site):
    """No CJK font is embedded as Type 3 glyph drawings (pdffonts, of poppler-utils)."""
    pdf = built_site / "print" / "social-assistance.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts, "pdffonts listed no font"
    type3 = [line for line in fonts if "Type 3" in line]
    assert not type3, f"{len(type3)} of {len(fonts)} fonts are Type 3"
    assert any("CID TrueType" in line and "PlanPress" in line for line in fonts), fonts


@pytest.mark.parametrize("page, expected", [("你好文字", "你好⽂字"), ("民政", "⺠政")])
def test_the_check_catches_a_radical(page, expected):
    """On a PDF that says ⽂ where the page says 文, the comparison reports the character."""
    assert missing_from(expected, page)
