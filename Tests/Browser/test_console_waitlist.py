"""The business console's waitlist page and a booking's message log, with
JavaScript on and off, in English and Spanish: a customer who joins the
waitlist of a full day on the public booking page shows in the console's
queue; a booking made on the public page shows its confirmation as sent in
the booking's message log once the worker has sent it, with the reminders
still to come. Every page passes the page contract and axe-core."""
import uuid

from selenium.webdriver.support.ui import Select

from harness import wait_until
from salon import Salon, new_email
from test_book_flow import book_on_the_page
from test_business_console import invite, sign_in_by_link
from test_waitlist_flow import join_waitlist_for_full_day

# The waitlist page's views, visited (page contract and axe) in each journey.
WAITLIST_PATHS = ("/console/waitlist", "/console/waitlist?state=all", "/console/waitlist?state=left")
CONFIRMATION = ("Confirmation", "Confirmación")


def entry_of(site, address):
    [[entry]] = site.sql("SELECT e.id FROM waitlist_entries e JOIN customers c ON c.business_id = e.business_id "
                         "AND c.id = e.customer_id WHERE c.email = '%s'" % address)
    return entry


def test_a_customer_who_joins_the_waitlist_shows_in_the_console_queue(journey_browser, site):
    browser = journey_browser
    salon = Salon(site)
    day = salon.working_day()
    assert salon.fill_day("Ben", day, new_email("filler")), "the day had no free start to fill"
    address = new_email("console-queue")
    join_waitlist_for_full_day(browser, salon, day, address)
    entry = entry_of(site, address)

    sign_in_by_link(browser, invite(site, "queue-%s@example.com" % uuid.uuid4().hex[:8]))
    browser.click('a[href="/console/waitlist"]')
    row = browser.find("#entry-%s" % entry)
    assert row.get_attribute("data-status") == "waiting"
    assert "Katherine Johnson" in row.text and "Ben" in row.text and day.isoformat() in row.text
    assert "America/New_York" in browser.find("#queue-heading").text

    # Ben's queue, chosen with the form as a person would (the keyboard-usable selects, then Show).
    Select(browser.find("#w-provider")).select_by_value(salon.providers["Ben"])
    Select(browser.find("#w-state")).select_by_value("waiting")
    browser.click("#show-waitlist")
    assert browser.find_all("#entry-%s" % entry)
    assert "provider=%s" % salon.providers["Ben"] in browser.driver.current_url
    # Ava's queue does not hold an entry for Ben.
    browser.visit("/console/waitlist?provider=%s" % salon.providers["Ava"])
    assert not browser.find_all("#entry-%s" % entry)

    # A state the page does not offer: 422 and a message that says what to do.
    browser.visit("/console/waitlist?state=gone")
    assert browser.response["status"] == 422 and browser.find("#waitlist-error").text.strip()
    for path in WAITLIST_PATHS:
        browser.visit(path)


def test_a_booking_made_on_the_public_page_logs_its_sent_confirmation(journey_browser, site):
    browser = journey_browser
    salon = Salon(site)
    address = new_email("console-log")
    book_on_the_page(browser, salon, address)
    site.wait_for_mail(address)  # the worker sent the confirmation
    [[booking]] = site.sql("SELECT b.id FROM bookings b JOIN customers c ON c.business_id = b.business_id "
                           "AND c.id = b.customer_id WHERE c.email = '%s'" % address)

    sign_in_by_link(browser, invite(site, "log-%s@example.com" % uuid.uuid4().hex[:8]))
    path = "/console/bookings/%s" % booking

    def confirmation_sent():
        rows = browser.visit(path, check=False).find_all('#message-log tr[data-state="sent"]')
        return any(row.find_elements("css selector", "td")[0].text in CONFIRMATION for row in rows)

    # The worker writes the attempt's outcome in its next batch: reload until the log shows it.
    wait_until(confirmation_sent, message="the message log does not show the confirmation as sent")
    browser.check_page()
    assert "America/New_York" in browser.find("#message-log caption").text
    planned = browser.find_all('#message-log tr[data-state="planned"]')
    assert len(planned) == 2, [row.text for row in planned]  # 24 h and 1 h before, by email
    assert address in browser.find("#booking-facts").text  # the page's own facts
    assert not [row for row in browser.find_all("#message-log td") if "@" in row.text], "no address in the log"
