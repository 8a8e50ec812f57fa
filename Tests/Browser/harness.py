"""The browser suite's harness: the daemon the runner started, a Chromium per
test with JavaScript on or off, and the checks every page gets (the page
contract, axe-core, a screenshot).

Waits are on state (WebDriverWait over the page, the mail spool or the
database), never a fixed sleep.
"""
import base64
import datetime
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
from selenium.common.exceptions import StaleElementReferenceException
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
    """Polls `condition` until it returns something truthy; the value is returned.
    A condition that reads an element the page has just replaced (a script
    swapping in a live preview) is asked again, not failed."""
    return WebDriverWait(None, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(lambda _: condition(), message)


class Site:
    """The running booknowd and its peers, as Tests/Browser/run describes them in the environment."""

    def __init__(self, env=os.environ):
        self.base_url = env["BROWSER_BASE_URL"]
        self.database_url = env["BROWSER_DATABASE_URL"]
        self.public_key = env["BROWSER_PUBLIC_KEY"]
        self.smtp_spool = env["BROWSER_SMTP_SPOOL"]
        self.sms_log = env["BROWSER_SMS_LOG"]
        self.config = env["BROWSER_CONFIG"]
        self.artefacts = env["BROWSER_ARTEFACTS"]
        self.repo = env["BROWSER_REPO"]
        # The operator console's own listener ([ops] port).
        self.ops_url = env["BROWSER_OPS_URL"]

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


    def texts(self, to):
        """The bodies of the SMS the webhook peer received for the number `to`, oldest first."""
        bodies = []
        for name in sorted(glob.glob(os.path.join(self.sms_log, "*.json"))):
            with open(name) as f:
                payload = json.loads(json.load(f)["body"] or "{}")
            if payload.get("to") == to:
                bodies.append(payload["body"])
        return bodies

    def wait_for_text(self, to, timeout=90):
        """The first SMS to `to`, once it has arrived."""
        return wait_until(lambda: (self.texts(to) or [None])[0], timeout, "no SMS to %s arrived" % to)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def mail_text(message):
    """Every text part of `message`, decoded, joined."""
    return "\n".join(part.get_content() for part in message.walk()
                     if part.get_content_maintype() == "text" and not part.is_multipart())


def mail_links(message):
    """Every http(s) link of the message, in order, once each: the plain
    text's URLs and the HTML part's hrefs (entities decoded)."""
    links = []
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            links += [link.rstrip(".,;") for link in re.findall(r"https?://[^\s<>\"')\]]+", part.get_content())]
        elif part.get_content_type() == "text/html":
            hrefs = _Hrefs()
            hrefs.feed(part.get_content())
            links += [href for href in hrefs.hrefs if href.startswith(("http://", "https://"))]
    return list(dict.fromkeys(links))


class _Hrefs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


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


class _Forms(html.parser.HTMLParser):
    """The named fields' values of each form with an id, as a browser would submit them untouched."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = self.forms.setdefault(a.get("id") or "", {})
        elif tag in ("input", "textarea", "select") and self._current is not None and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._current.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def form_fields(source, form_id):
    """The fields of `form#form_id` in `source` (hidden inputs included)."""
    parser = _Forms()
    parser.feed(source)
    assert form_id in parser.forms, "no form#%s in the page" % form_id
    return parser.forms[form_id]


# Pages that must be private (no-store, no referrer, noindex): those a token opens, and the business console.
TOKEN_PAGES = ("/manage/", "/offers/", "/waitlist/", "/console")


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
        # The DevTools network events: each document's real status and headers,
        # POST answers included (a second GET could not see those).
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        # The TLS suite's certificate is self-signed, made by the runner.
        options.set_capability("acceptInsecureCerts", True)
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
        return self.click_element(self.find(css), check)

    def _landed(self, check):
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")
        self.visited.append(self.driver.current_url)
        self.response = self._document_response()
        self.screenshot()
        if check:
            self.check_page()
        return self

    def screenshot(self, label=""):
        # Tokens (long path segments) shortened: the names stay readable.
        segments = urllib.parse.urlsplit(self.driver.current_url).path.strip("/").split("/")
        path = "_".join(s if len(s) < 20 else s[:6] for s in segments) or "root"
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
        # The business console serves its own stylesheet beside the customer pages' on the public listener.
        stylesheet = "/console/assets/site.css" if urllib.parse.urlsplit(url).path.startswith("/console") else "/assets/site.css"
        if facts.stylesheets != [stylesheet]:
            problems.append("stylesheets %r" % facts.stylesheets)
        if facts.inline_scripts:
            problems.append("%d inline scripts or handlers" % facts.inline_scripts)
        if url.startswith(self.site.base_url):
            problems += self._header_problems(url, facts)
        assert not problems, "%s: %s" % (url, "; ".join(problems))
        violations = self.run_axe()
        if violations:
            report = os.path.join(self.site.artefacts, "axe-%s-%d.json" % (self.name, len(self.visited)))
            with open(report, "w") as f:
                json.dump({"url": url, "violations": violations}, f, indent=2)
            raise AssertionError("%s: axe-core found violations (%s):\n%s" % (url, report, self.axe.report(violations)))

    def _document_response(self):
        """Status and headers (lower-case names) of the document last loaded, from the
        performance log; None for a page not loaded over the network."""
        found = None
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.responseReceived" and message["params"]["type"] == "Document":
                response = message["params"]["response"]
                found = {"status": response["status"], "url": response["url"],
                         "headers": {k.lower(): v for k, v in response["headers"].items()}}
        return found

    def _header_problems(self, url, facts):
        """The headers every page carries, and those of pages a token opens."""
        path = urllib.parse.urlsplit(url).path
        if not self.response:
            return ["no network response recorded for the page"]
        headers = self.response["headers"]
        problems = []
        policy = headers.get("content-security-policy") or ""
        if "default-src" not in policy or "unsafe-inline" in policy or "unsafe-eval" in policy:
            problems.append("Content-Security-Policy is %r" % policy)
        if path.startswith(TOKEN_PAGES):
            if headers.get("referrer-policy") != "no-referrer":
                problems.append("Referrer-Policy is %r" % headers.get("referrer-policy"))
            if "no-store" not in (headers.get("cache-control") or ""):
                problems.append("Cache-Control is %r" % headers.get("cache-control"))
            if "noindex" not in (facts.robots or ""):
                problems.append("robots meta is %r" % facts.robots)
        return problems

    def path(self):
        return urllib.parse.urlsplit(self.driver.current_url).path

    def pick_free_start(self, exclude=None, weeks_ahead=0, weeks=8):
        """On a picker page: moves `weeks_ahead` weeks on, then ticks the first free
        start (not `exclude`), moving a week on while the shown one has none.
        Returns the start's value."""
        for _ in range(weeks_ahead):
            self.click("#next-week")
        for _ in range(weeks):
            for radio in self.find_all("input[name=start]"):
                value = radio.get_attribute("value")
                if exclude is None or not same_instant(value, exclude):
                    self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", radio)
                    radio.click()
                    assert radio.is_selected()
                    return value
            days = self.find_all("a.day-link")
            if days:
                self.click_element(days[0])
                if self.find_all("input[name=start]"):
                    continue
            self.click("#next-week")
        raise AssertionError("no free start within %d weeks" % weeks)

    def click_element(self, element, check=True):
        old = self.find("html")
        element.click()
        self.wait(lambda d: _stale(old), message="clicking loaded no page")
        return self._landed(check)

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


def same_instant(a, b):
    """True when two ISO 8601 times name the same instant."""
    def parse(text):
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parse(a) == parse(b)


def _stale(element):
    try:
        element.tag_name
        return False
    except Exception:  # StaleElementReferenceException: the old document is gone
        return True
