"""The browser suite's harness: the daemon the runner started, a Chromium per
test with JavaScript on or off, and the checks every page gets (the page
contract, axe-core, a screenshot).

Waits are on state (WebDriverWait over the page, the mail spool or the
database), never a fixed sleep.
"""
import base64
import email
import email.policy
import glob
import html.parser
import itertools
import json
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Rule sets the suite holds every page to; target-size is off by default in axe-core.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
AXE_MINIMUM = (4, 7)
TIMEOUT = 30


def wait_until(condition, timeout=TIMEOUT, message=""):
    """Polls `condition` until it returns something truthy; the value is returned."""
    return WebDriverWait(None, timeout, poll_frequency=0.1).until(lambda _: condition(), message)


class Site:
    """The running booknowd and its peers, as Tests/Browser/run describes them in the environment."""

    def __init__(self, env=os.environ):
        self.base_url = env["BROWSER_BASE_URL"]
        self.database_url = env["BROWSER_DATABASE_URL"]
        self.public_key = env["BROWSER_PUBLIC_KEY"]
        self.smtp_spool = env["BROWSER_SMTP_SPOOL"]
        self.config = env["BROWSER_CONFIG"]
        self.artefacts = env["BROWSER_ARTEFACTS"]
        self.repo = env["BROWSER_REPO"]

    def url(self, path):
        return self.base_url + path

    def sql(self, query):
        """Rows of `query` as lists of strings (psql, unaligned)."""
        out = subprocess.run(["psql", "-X", "-q", "-t", "-A", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                              self.database_url, "-c", query], check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def http(self, method, path, data=None, headers=None):
        """One request, redirects not followed: (status, headers, body text)."""
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(self.url(path), data=body, method=method, headers=headers or {})
        if isinstance(data, dict):
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=TIMEOUT) as answer:
                return answer.status, answer.headers, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode("utf-8", "replace")

    def api(self, method, path, body=None):
        """The /v1 API with the demo salon's public key: (status, JSON)."""
        headers = {"Authorization": "Bearer " + self.public_key, "Content-Type": "application/json"}
        status, _, text = self.http(method, path, json.dumps(body).encode() if body is not None else None, headers)
        return status, (json.loads(text) if text else None)

    def mails(self):
        """Every message the SMTP peer accepted, oldest first, parsed."""
        messages = []
        for name in sorted(glob.glob(os.path.join(self.smtp_spool, "*.json"))):
            with open(name) as f:
                record = json.load(f)
            message = email.message_from_bytes(base64.b64decode(record["data"]), policy=email.policy.default)
            message.envelope_to = record["rcpt_tos"]
            messages.append(message)
        return messages

    def wait_for_mail(self, to, count=1, timeout=90):
        """The first `count` messages to `to`, once that many have arrived."""
        def arrived():
            found = [m for m in self.mails() if to in m.envelope_to]
            return found if len(found) >= count else None
        return wait_until(arrived, timeout, "fewer than %d messages to %s arrived" % (count, to))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def mail_text(message):
    """Every text part of `message`, decoded, joined."""
    return "\n".join(part.get_content() for part in message.walk()
                     if part.get_content_maintype() == "text" and not part.is_multipart())


def mail_links(message):
    """Every http(s) link in the message's text and HTML parts, in order, once each."""
    links = re.findall(r"https?://[^\s<>\"')\]]+", mail_text(message))
    return list(dict.fromkeys(link.rstrip(".,;") for link in links))


def mail_calendar(message):
    """The message's text/calendar part, decoded, or None."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_content()
    return None


class _PageFacts(html.parser.HTMLParser):
    """What the page contract checks in a page's source, as the server sent it."""

    def __init__(self):
        super().__init__()
        self.lang, self.h1, self.stylesheets, self.inline_scripts, self.robots = None, 0, [], 0, None
        self.skip_link, self.main_id = None, None
        self._first_link = True

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split():
            self.stylesheets.append(a.get("href"))
        elif tag == "script" and "src" not in a:
            self.inline_scripts += 1
        elif tag == "meta" and a.get("name") == "robots":
            self.robots = a.get("content")
        elif tag == "a" and self._first_link:
            self._first_link = False
            self.skip_link = a.get("href")
        elif tag == "main":
            self.main_id = a.get("id")
        if any(name.startswith("on") for name in a):
            self.inline_scripts += 1


def page_facts(source):
    facts = _PageFacts()
    facts.feed(source)
    return facts


class Browser:
    """One headless Chromium, JavaScript on or off, asking for one language.

    `visit` and `submit` check every page they land on: the page contract,
    zero axe-core violations, and a screenshot in the artefacts folder."""

    _counter = itertools.count(1)

    def __init__(self, site, name, javascript=True, language="en"):
        self.site, self.name, self.javascript, self.language = site, name, javascript, language
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1024",
                         "--lang=" + language):
            options.add_argument(argument)
        prefs = {"intl.accept_languages": language}
        if not javascript:
            prefs["profile.managed_default_content_settings.javascript"] = 2
        options.add_experimental_option("prefs", prefs)
        self.driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        self.axe = Axe(self.driver)
        self.visited = []

    def quit(self):
        self.driver.quit()

    def wait(self, condition, timeout=TIMEOUT, message=""):
        return WebDriverWait(self.driver, timeout).until(condition, message)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def visit(self, url, check=True):
        """Opens `url` (a path or a full URL), waits until it has loaded, checks it."""
        self.driver.get(url if "://" in url else self.site.url(url))
        return self._landed(check)

    def click(self, css, check=True):
        """Clicks the element and waits for the next page to load, then checks it."""
        old = self.find("html")
        self.find(css).click()
        self.wait(lambda d: _stale(old), message="clicking %s loaded no page" % css)
        return self._landed(check)

    def _landed(self, check):
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")
        self.visited.append(self.driver.current_url)
        self.screenshot()
        if check:
            self.check_page()
        return self

    def screenshot(self, label=""):
        path = urllib.parse.urlsplit(self.driver.current_url).path.strip("/").replace("/", "_") or "root"
        name = "%04d-%s-%s%s.png" % (next(self._counter), self.name, path[:80], ("-" + label) if label else "")
        self.driver.save_screenshot(os.path.join(self.site.artefacts, name))

    def check_page(self):
        """The page contract on the DOM, then zero axe violations (report saved on failure)."""
        source = self.driver.page_source
        facts = page_facts(source)
        url = self.driver.current_url
        problems = []
        if facts.lang not in ("en", "es"):
            problems.append("html lang is %r" % facts.lang)
        if facts.h1 != 1:
            problems.append("%d <h1> elements" % facts.h1)
        if facts.skip_link != "#main" or facts.main_id != "main":
            problems.append("no skip link to <main id=main> (first link %r, main id %r)" % (facts.skip_link, facts.main_id))
        if facts.stylesheets != ["/assets/site.css"]:
            problems.append("stylesheets %r" % facts.stylesheets)
        if facts.inline_scripts:
            problems.append("%d inline scripts or handlers" % facts.inline_scripts)
        assert not problems, "%s: %s" % (url, "; ".join(problems))
        violations = self.run_axe()
        if violations:
            report = os.path.join(self.site.artefacts, "axe-%s-%d.json" % (self.name, len(self.visited)))
            with open(report, "w") as f:
                json.dump({"url": url, "violations": violations}, f, indent=2)
            raise AssertionError("%s: axe-core found violations (%s):\n%s" % (url, report, self.axe.report(violations)))

    def run_axe(self):
        """Injects the bundled axe-core, checks its version and returns the violations."""
        self.axe.inject()
        version = self.driver.execute_script("return axe.version")
        check_axe_version(version)
        self.driver.set_script_timeout(TIMEOUT)
        if not self.javascript:
            # Chromium runs WebDriver's scripts but no timer callbacks on a page
            # with JavaScript blocked, and axe.run defers its work with
            # setTimeout: run those callbacks as microtasks instead. Only axe
            # sees this; the page itself was rendered and stays script-free.
            self.driver.execute_script(
                "window.setTimeout = function (f) { var a = [].slice.call(arguments, 2);"
                " Promise.resolve().then(function () { f.apply(null, a); }); return 0; };"
                "window.clearTimeout = function () {};")
        results = self.driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, %s).then(done, function (e) { done({error: String(e)}); });" % json.dumps(AXE_OPTIONS))
        assert "error" not in results, "axe-core failed: %s" % results.get("error")
        return results["violations"]


def check_axe_version(version):
    parts = tuple(int(p) for p in re.findall(r"\d+", version or "")[:2])
    assert parts >= AXE_MINIMUM, "axe-core %s is bundled; the suite needs >= %d.%d (axe-selenium-python==3.0.0)" % (
        version, *AXE_MINIMUM)


def _stale(element):
    try:
        element.tag_name
        return False
    except Exception:  # StaleElementReferenceException: the old document is gone
        return True
