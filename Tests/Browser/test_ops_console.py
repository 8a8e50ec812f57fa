"""The operator console on its own listener: sign in, find the dead letter a
550 left, open it, dry-run its replay (refused: the recipient is suppressed),
lift the suppression, replay, and see it in the audit trail. Every console
page the browser lands on passes the page contract and axe-core."""
import subprocess
import uuid

import pytest

from harness import wait_until
from salon import Salon

PASSWORD = "browser-suite-password"


@pytest.fixture(scope="module")
def salon(site):
    return Salon(site)


@pytest.fixture(scope="module")
def operator(site):
    """An operator account made with booknowctl, the password on stdin."""
    name = "ops" + uuid.uuid4().hex[:8]
    subprocess.run([site.repo + "/.build/debug/booknowctl", "--config", site.config, "operators", "add", name, "--role", "operator"],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    return name


def sign_in(browser, site, name):
    browser.visit(site.ops_url + "/ops")
    assert browser.path() == "/ops/sign-in"
    browser.find("#name").send_keys(name)
    browser.find("#password").send_keys(PASSWORD)
    browser.click("#sign-in")
    assert browser.path() == "/ops", browser.driver.page_source[:2000]


def test_a_dead_letter_is_dry_run_then_replayed_after_its_suppression_is_lifted(browsers, site, salon, operator):
    recipient = "r550@ops-%s.example.com" % uuid.uuid4().hex[:8]
    before = site.sql("SELECT coalesce(max(id), 0) FROM jobs")[0][0]
    booking = salon.book_next(recipient)
    job = wait_until(lambda: site.sql("SELECT id FROM jobs WHERE id > %s AND state = 'dead' AND booking_id = '%s' "
                                      "AND payload->>'channel' = 'email' AND last_error LIKE '%%suppressed%%' LIMIT 1"
                                      % (before, booking["id"])),
                     90, "the 550 left no dead letter")[0][0]
    for javascript in (True, False):
        browser = browsers(javascript=javascript)
        sign_in(browser, site, operator)
        for path in ("/ops/jobs", "/ops/queues", "/ops/suppressions", "/ops/audit"):
            browser.visit(site.ops_url + path)
    browser = browsers(javascript=True)
    sign_in(browser, site, operator)
    browser.click('a[href="/ops/dead"]')
    browser.click('a[href="/ops/jobs/%s"]' % job)
    assert "550" in browser.find("#attempts-table").text
    browser.click("#dry-run")
    assert "recipient suppressed" in browser.find("#refusals").text
    assert not browser.find_all("#confirm-replay")

    browser.click('a[href="/ops/suppressions"]')
    browser.find("#s-recipient").send_keys(recipient)
    browser.click("#suppression-search button")
    browser.click("#suppressions-table button[type=submit]")
    assert browser.find("#flash").text.strip()

    browser.visit(site.ops_url + "/ops/jobs/%s" % job)
    browser.click("#dry-run")
    assert "1" in browser.find("#would-replay").text
    browser.click("#confirm-replay")
    assert browser.path() == "/ops/dead"
    assert browser.find("#flash").text.strip()
    assert site.sql("SELECT count(*) FROM job_attempts WHERE job_id = %s AND outcome = 'replayed' AND worker = 'ops:%s'" % (job, operator)) == [["1"]]

    browser.click('a[href="/ops/audit"]')
    audit = browser.find("#audit-table").text
    assert "replayed 1 dead job(s): %s" % job in audit and operator in audit


def test_the_overview_refreshes_only_while_visible_and_works_without_javascript(browsers, site, operator):
    for javascript in (True, False):
        browser = browsers(javascript=javascript)
        sign_in(browser, site, operator)
        assert browser.find("#queues-table").is_displayed()
        assert browser.find("svg.chart").is_displayed()
        if javascript:
            # The refresh replaces the figures: mark the old table and wait for a new one.
            browser.driver.execute_script("document.getElementById('queues-table').setAttribute('data-old', '1')")
            browser.wait(lambda d: not d.find_element("id", "queues-table").get_attribute("data-old"), 20, "no refresh within 20 s")
