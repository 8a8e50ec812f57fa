"""The harness itself: axe-core is recent and configured to catch what the
suite relies on, the page checks pass a clean page, and a browser opened
without JavaScript really runs none. Local fixture pages, no daemon."""
import os

import pytest

from harness import check_axe_version

FIXTURES = "file://" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def test_axe_finds_missing_alt_text_and_small_targets(browser):
    browser.visit(FIXTURES + "/violations.html", check=False)
    found = {v["id"] for v in browser.run_axe()}
    assert {"image-alt", "target-size"} <= found, found


def test_a_clean_page_passes_every_check(browser):
    browser.visit(FIXTURES + "/clean.html")


def test_javascript_runs_only_where_enabled(browser):
    browser.visit(FIXTURES + "/clean.html", check=False)
    expected = "Rewritten by script" if browser.javascript else "Written by the server"
    browser.wait(lambda d: browser.find("#heading").text == expected)


def test_an_old_axe_core_is_refused():
    with pytest.raises(AssertionError):
        check_axe_version("3.1.2")
    check_axe_version("4.7.0")
