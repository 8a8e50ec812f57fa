"""`/manage/{token}`: the booking, its calendar file, cancelling and moving
it, and what the page says once the cancellation notice has passed."""
import pytest

from harness import same_instant, wait_until
from salon import Salon, new_email


@pytest.fixture(scope="module")
def salon(site):
    return Salon(site)


def booking_status(site, token):
    status, body = site.api("GET", "/v1/manage/" + token)
    assert status == 200, (status, body)
    return body


def test_the_manage_page_shows_the_booking_and_its_links(browser, salon, site):
    token = salon.book_next(new_email("manage"))["manage_token"]
    browser.visit("/manage/" + token)
    assert browser.find("#booking-status").text.strip()
    for css in ("#reschedule-link", "#cancel-link"):
        assert browser.find(css).is_displayed()
    assert browser.find("#calendar-link").get_attribute("href") == site.url("/manage/%s/calendar.ics" % token)

    status, headers, body = site.http("GET", "/manage/%s/calendar.ics" % token)
    assert status == 200 and headers["Content-Type"].startswith("text/calendar"), (status, headers)
    assert "BEGIN:VEVENT" in body


def test_cancelling_on_the_page_cancels_and_says_so(browser, salon, site):
    token = salon.book_next(new_email("cancel"))["manage_token"]
    browser.visit("/manage/" + token).click("#cancel-link")
    assert browser.find("form#cancel-form").get_attribute("method").lower() == "post"
    browser.find("form#cancel-form [name=reason]").send_keys("Something came up")
    browser.click("#confirm-cancel")
    assert browser.path() == "/manage/" + token
    assert browser.find("#flash").text.strip()
    assert not browser.find_all("#cancel-link") and not browser.find_all("#reschedule-link")
    assert booking_status(site, token)["status"] == "cancelled"


def test_rescheduling_through_the_picker_moves_the_booking(browser, salon, site):
    booking = salon.book_next(new_email("move"))
    token = booking["manage_token"]
    browser.visit("/manage/" + token).click("#reschedule-link")
    chosen = browser.pick_free_start(exclude=booking["start"])
    browser.click("#confirm-reschedule")
    assert browser.path() == "/manage/" + token
    assert browser.find("#flash").text.strip()
    assert same_instant(booking_status(site, token)["start"], chosen)


def test_past_the_notice_the_page_explains_and_offers_no_changes(browser, salon, site):
    booking = salon.book_next(new_email("late"))
    token = booking["manage_token"]
    seconds_to_start = salon.seconds_until(booking["start"])
    try:
        salon.set_clock(seconds_to_start - 2 * 3600)  # two hours before the start: inside the 24 h notice
        # The daemon follows the database clock within a second: reload until the page says so.
        wait_until(lambda: browser.visit("/manage/" + token, check=False).find_all("#notice-passed"))
        browser.check_page()
        assert not browser.find_all("#cancel-link") and not browser.find_all("#reschedule-link")
    finally:
        salon.set_clock(0)
        # Back to now only once the daemon says so, so later tests never see the moved clock.
        wait_until(lambda: browser.visit("/manage/" + token, check=False).find_all("#cancel-link"))


def test_pages_follow_the_customers_language(browsers, salon):
    token = salon.book_next(new_email("es"), locale="es")["manage_token"]
    browser = browsers(language="en")
    browser.visit("/manage/" + token)
    assert browser.find("html").get_attribute("lang") == "es"
    browser.click("#cancel-link")
    assert browser.find("html").get_attribute("lang") == "es"
    browser.visit("/manage/%s/reschedule" % token)
    assert browser.find("html").get_attribute("lang") == "es"

