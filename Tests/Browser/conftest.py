"""Fixtures of the browser suite: the running site and browsers that quit
after each test. The runner (Tests/Browser/run) sets the environment."""
import pytest

from harness import Browser, Site


@pytest.fixture(scope="session")
def site():
    return Site()


@pytest.fixture
def browsers(site, request):
    """A factory: browsers(javascript=True, language="en") opens a Chromium; all quit after the test."""
    opened = []

    def make(javascript=True, language="en"):
        name = "%s-%s-%s" % (request.node.originalname[5:45], "js" if javascript else "nojs", language)
        browser = Browser(site, name, javascript=javascript, language=language)
        opened.append(browser)
        return browser

    yield make
    for browser in opened:
        browser.quit()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def browser(browsers, request):
    """One Chromium in English, with JavaScript on and then off."""
    return browsers(javascript=request.param)


@pytest.fixture(params=[(True, "en"), (False, "en"), (True, "es"), (False, "es")],
                ids=["js-en", "nojs-en", "js-es", "nojs-es"])
def journey_browser(browsers, request):
    """For the end-to-end flows: JavaScript on and off, a browser asking for English and for Spanish."""
    javascript, language = request.param
    return browsers(javascript=javascript, language=language)
