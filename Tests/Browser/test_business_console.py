"""The business console on the public listener: `booknowctl admins invite`
emails a one-time link through the real SMTP peer, the link signs in (once),
an admin invites another from the console, someone asks for a new link at
the sign-in page, and everyone signs out. Every console page the browser
lands on passes the page contract and axe-core, with JavaScript on and off,
in English and Spanish."""
import datetime
import subprocess
import uuid

from harness import mail_calendar, mail_links, mail_text, same_instant, wait_until
from salon import NEW_YORK, Salon, new_email

# Every console page, visited (page contract and axe) in each journey: js/nojs, en/es.
PEOPLE_PATHS = ("/console", "/console/calendar", "/console/hours", "/console/policies", "/console/messages",
                "/console/messages/reminder/sms/es", "/console/waitlist", "/console/audit", "/console/admins")


def business(site):
    return site.sql("SELECT id FROM businesses")[0][0]


def invite(site, email):
    """`booknowctl admins invite`, and the link of the mail it sent."""
    before = len([m for m in site.mails() if email in m.envelope_to])
    answer = subprocess.run([site.repo + "/.build/debug/booknowctl", "--config", site.config, "admins", "invite",
                             "--business", business(site), "--email", email], text=True, capture_output=True)
    assert answer.returncode == 0, answer.stderr
    assert "/console/sign-in/" not in answer.stdout + answer.stderr, "the CLI never prints the link"
    return console_link(site.wait_for_mail(email, count=before + 1)[-1])


def console_link(message):
    links = [link for link in mail_links(message) if "/console/sign-in/" in link]
    assert len(links) == 1, links
    return links[0]


def sign_in_by_link(browser, link):
    browser.visit(link)
    browser.click("#use-link")
    assert browser.path() == "/console", browser.driver.page_source[:2000]


def test_an_invitation_signs_in_once_and_an_admin_invites_another(journey_browser, site):
    browser = journey_browser
    owner = "owner-%s@example.com" % uuid.uuid4().hex[:8]
    link = invite(site, owner)
    sign_in_by_link(browser, link)
    assert owner in browser.find("#account-name").text
    for path in PEOPLE_PATHS:
        browser.visit(path)
    assert owner in browser.find("#admins-table").text

    # Bad input says what to do; the invitation then goes out through SMTP.
    staff = "staff-%s@example.com" % uuid.uuid4().hex[:8]
    browser.find("#invite-email").send_keys("not an address")
    # The browser's own check would stop the form; the server's answer is what is tested
    # (WebDriver's scripts run even where the page's are blocked).
    browser.driver.execute_script("document.getElementById('invite-form').noValidate = true")
    browser.click("#invite")
    assert browser.find("#admins-error").text.strip()
    field = browser.find("#invite-email")
    field.clear()
    field.send_keys(staff)
    browser.click("#invite")
    assert browser.path() == "/console/admins" and browser.find("#flash").text.strip()
    assert staff in browser.find("#admins-table").text
    staff_link = console_link(site.wait_for_mail(staff)[-1])
    assert site.sql("SELECT count(*) FROM admin_audit WHERE actor_kind = 'admin' AND actor_id = '%s'" % owner) == [["1"]]

    browser.click("#sign-out")
    assert browser.path() == "/console/sign-in"
    browser.visit("/console")
    assert browser.path() == "/console/sign-in"

    # A used link is refused with a page that says what to do.
    browser.visit(link)
    assert browser.response["status"] == 410 and not browser.find_all("#use-link")
    assert browser.find('main a[href="/console/sign-in"]')

    # The invited person asks for nothing: their link works, once.
    sign_in_by_link(browser, staff_link)
    assert staff in browser.find("#account-name").text


def test_a_new_link_is_asked_for_at_the_sign_in_page(browser, site):
    owner = "again-%s@example.com" % uuid.uuid4().hex[:8]
    invite(site, owner)
    browser.visit("/console")
    assert browser.path() == "/console/sign-in"
    browser.find("#email").send_keys(owner)
    browser.click("#send-link")
    assert browser.find("#sign-in-sent").text.strip()
    link = console_link(site.wait_for_mail(owner, count=2)[-1])
    sign_in_by_link(browser, link)
    assert owner in browser.find("#account-name").text


def test_the_reminder_email_is_linted_previewed_saved_and_rolled_back(journey_browser, site):
    browser = journey_browser
    editor = "editor-%s@example.com" % uuid.uuid4().hex[:8]
    sign_in_by_link(browser, invite(site, editor))
    browser.click('a[href="/console/messages"]')
    browser.click('a[href="/console/messages/reminder/email/en"]')
    assert "{{reminder.lead}}" in browser.find("#variables").text

    def type_into(part, text):
        field = browser.find("#part-" + part)
        field.clear()
        field.send_keys(text)

    # An unknown variable: the problem at its line and column; saving is refused.
    word = uuid.uuid4().hex[:8]
    type_into("subject", "Soon at {{business.name}}")
    type_into("text", "Hello {{customer.name}}\nSee you {{customer.nickname}}\n")
    browser.click("#save-button")
    assert browser.find("#save-refused") and "reminder.email.text:2:9" in browser.find("#problems").text
    if browser.javascript:
        # Lines are numbered beside the field, and the problem's link puts the cursor at 2:9.
        assert browser.find_all(".gutter")
        browser.find('#problems a[data-line="2"]').click()
        where = browser.driver.execute_script("var f = document.activeElement; return [f.id, f.selectionStart];")
        assert where == ["part-text", len("Hello {{customer.name}}\n") + 8], where
    # Fixed, previewed with the sample data, then saved.
    type_into("text", "Hello {{customer.name}}, %s\n" % word)
    browser.click("#preview-button")
    preview = "\n".join(element.text for element in browser.find_all(".preview-text"))
    assert word in preview and "{{" not in preview and "Bright Cuts" in preview
    # Send me a test: the typed text, rendered, at the admin's own address; nothing saved.
    browser.click("#test-button")
    assert browser.find("#flash").text.strip()
    test_mail = site.wait_for_mail(editor, count=2)[-1]
    assert word in mail_text(test_mail) and "{{" not in mail_text(test_mail)
    browser.click("#save-button")
    assert browser.find("#flash").text.strip() and word in browser.find("#part-text").get_attribute("value")

    # Roll back to the first version of this run (the default when none).
    type_into("text", "Second %s\n" % word)
    browser.click("#save-button")
    # Compare the last two versions: the new line is marked added.
    browser.click("#compare-button")
    assert "+ Second %s" % word in "\n".join(element.text for element in browser.find_all(".diff-lines"))
    browser.click('main a[href="/console/messages/reminder/email/en"]')
    rollback = browser.find_all("#history-table button")
    assert rollback
    browser.click_element(rollback[0])
    assert word in browser.find("#part-text").get_attribute("value")
    assert "Second" not in browser.find("#part-text").get_attribute("value")
    browser.click("#reset-button")
    assert "{{reminder.lead}}" in browser.find("#part-text").get_attribute("value")


def test_a_booking_cancelled_from_the_day_view_tells_the_customer_and_frees_the_slot(browser, site):
    salon = Salon(site)
    customer = new_email("console-cancel")
    booking = salon.book_next(customer, days_ahead=5)
    site.wait_for_mail(customer)  # the confirmation
    start = datetime.datetime.fromisoformat(booking["start"].replace("Z", "+00:00")).astimezone(NEW_YORK)
    assert booking["start"] not in salon.free_starts("Ava", start.date())

    sign_in_by_link(browser, invite(site, "desk-%s@example.com" % uuid.uuid4().hex[:8]))
    browser.click('a[href="/console/calendar"]')
    browser.visit("/console/calendar?day=%s" % start.date().isoformat())
    assert start.strftime("%H:%M") in browser.find("#day-table").text
    browser.click('a[href="/console/bookings/%s"]' % booking["id"])
    browser.find("#cancel-reason").send_keys("The salon is closed for a repair")
    browser.click("#cancel-button")
    assert browser.find("#flash").text.strip() and browser.find("#booking-status").text == "cancelled"

    cancelled = site.wait_for_mail(customer, count=2)[1]
    assert "METHOD:CANCEL" in (mail_calendar(cancelled) or ""), cancelled["Subject"]
    wait_until(lambda: any(same_instant(booking["start"], free) for free in salon.free_starts("Ava", start.date())),
               30, "the cancelled time is not free again")


def test_policies_are_checked_and_saved(browser, site):
    sign_in_by_link(browser, invite(site, "rules-%s@example.com" % uuid.uuid4().hex[:8]))
    browser.click('a[href="/console/policies"]')
    offsets = browser.find("#p-reminder_offsets_minutes")
    before = offsets.get_attribute("value")
    offsets.clear()
    offsets.send_keys("1440, soon")
    browser.click("#save-policies")
    assert "Reminders" in browser.find("#policy-errors").text or "Recordatorios" in browser.find("#policy-errors").text
    offsets = browser.find("#p-reminder_offsets_minutes")
    offsets.clear()
    offsets.send_keys(before)
    browser.click("#save-policies")
    assert browser.find("#flash").text.strip()
    assert browser.find("#p-reminder_offsets_minutes").get_attribute("value") == before


def test_hours_added_for_a_provider_open_the_booking_page_and_removing_them_closes_it(browser, site):
    salon = Salon(site)
    today = datetime.datetime.now(NEW_YORK).date()
    sunday = today + datetime.timedelta(days=7 + (6 - today.weekday()) % 7)
    assert sunday.weekday() == 6 and not salon.free_starts("Ava", sunday), "the demo salon is closed on Sundays"

    sign_in_by_link(browser, invite(site, "hours-%s@example.com" % uuid.uuid4().hex[:8]))
    browser.click('a[href="/console/hours"]')
    browser.visit("/console/hours?provider=%s" % salon.providers["Ava"])
    rows_before = len(browser.find_all("#rules-table tbody tr"))
    browser.driver.execute_script("document.getElementById('r-weekday').value = '7';"
                                  "document.getElementById('r-start').value = '10:00';"
                                  "document.getElementById('r-end').value = '12:00';")
    browser.click("#add-rule")
    try:
        assert browser.find("#flash").text.strip()
        assert len(browser.find_all("#rules-table tbody tr")) == rows_before + 1
        wait_until(lambda: salon.free_starts("Ava", sunday), 30, "the new hours did not open the day")
    finally:
        rule = site.sql("SELECT id FROM availability_rules WHERE provider_id = '%s' AND weekday = 7 AND start_time = '10:00'"
                        % salon.providers["Ava"])
        if rule:
            browser.click('form[action="/console/hours/rules/%s/remove"] button' % rule[0][0])
    assert browser.find("#flash").text.strip()
    wait_until(lambda: not salon.free_starts("Ava", sunday), 30, "removing the hours did not close the day")
