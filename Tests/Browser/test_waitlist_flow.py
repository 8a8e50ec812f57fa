"""The waitlist through the pages, with JavaScript on and off: a provider's
day is full, the customer joins its waitlist from the booking page, a
booking that day is cancelled, the offer email's link opens the offer, and
accepting it confirms a booking."""
import pytest

from harness import form_fields, mail_links, wait_until
from salon import Salon, new_email


@pytest.fixture(scope="module")
def salon(site):
    return Salon(site)


def join_waitlist_for_full_day(browser, salon, day, address):
    query = "service=%s&location=%s&provider=%s&day=%s" % (salon.service, salon.location, salon.providers["Ben"], day)
    browser.visit("/book/%s?%s" % (salon.slug, query))
    if not browser.find_all("form#waitlist-form"):
        browser.click("#waitlist-link")
    form = "form#waitlist-form "
    browser.find(form + "[name=name]").send_keys("Katherine Johnson")
    browser.find(form + "[name=email]").send_keys(address)
    browser.find(form + "[name=consent_email]").click()
    browser.click("#join-waitlist")
    assert browser.path().startswith("/waitlist/"), browser.path()
    assert browser.find("#waitlist-status").text.strip()
    assert browser.find("#ahead").text.strip()
    return browser.path().split("/")[2]


def test_join_the_waitlist_of_a_full_day_and_accept_the_offer(journey_browser, salon, site):
    browser = journey_browser
    day = salon.working_day()
    bookings = salon.fill_day("Ben", day, new_email("filler"))
    assert bookings, "the day had no free start to fill"
    address = new_email("waiting")
    join_waitlist_for_full_day(browser, salon, day, address)

    status, body = site.api("POST", "/v1/manage/%s/cancel" % bookings[len(bookings) // 2]["manage_token"], {})
    assert status == 200, (status, body)
    offer = site.wait_for_mail(address, 1)[-1]
    [link] = [link for link in mail_links(offer) if "/offers/" in link]
    browser.visit(link)
    assert browser.find("#offer-state").text.strip()
    browser.click("#accept-offer")
    assert browser.path().startswith("/manage/"), browser.path()
    assert browser.find("#flash").text.strip()
    token = browser.path().split("/")[2]
    assert site.api("GET", "/v1/manage/" + token)[1]["status"] == "confirmed"


def test_leaving_the_waitlist(browser, salon, site):
    day = salon.working_day()
    salon.fill_day("Ben", day, new_email("filler"))
    join_waitlist_for_full_day(browser, salon, day, new_email("leaving"))
    browser.click("#leave-waitlist")
    assert browser.find("#flash").text.strip()
    assert not browser.find_all("#leave-waitlist")


def test_an_expired_offer_says_so_and_refuses_acceptance(browser, salon, site):
    token = salon.offer_for_a_full_day()
    browser.visit("/offers/" + token)
    expires = browser.find("#hold-time").get_attribute("data-expires")
    fields = form_fields(browser.driver.page_source, "accept-form")
    try:
        salon.set_clock(salon.seconds_until(expires) + 60)
        # The daemon follows the database clock within a second: reload until the page says so.
        wait_until(lambda: browser.visit("/offers/" + token, check=False).find("#offer-state")
                   .get_attribute("data-state") == "expired")
        browser.check_page()
        assert not browser.find_all("#accept-form")
        status, headers, body = site.http("POST", "/offers/%s/accept" % token, fields)
        assert status == 410 and headers["Content-Type"].startswith("text/html"), (status, body[:200])
        assert "<h1" in body
    finally:
        salon.set_clock(0)
