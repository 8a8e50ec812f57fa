"""The customer's whole journey through the pages, with JavaScript on and
off: book on /book/{slug}, open every link of the confirmation email, move
the booking with the picker (a new invite with a higher SEQUENCE), cancel it
(the cancellation notice arrives); the confirmation text's link; the
booking page's errors, alternatives, language and skip link."""
import re

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from harness import mail_calendar, mail_links, same_instant
from salon import Salon, new_email


@pytest.fixture(scope="module")
def salon(site):
    return Salon(site)


def sequence(message):
    calendar = mail_calendar(message)
    assert calendar, "no text/calendar part in %r" % message["Subject"]
    return int(re.search(r"^SEQUENCE:(\d+)", calendar, re.M).group(1))


def choose(browser, css, text):
    """Clicks the link of `css` whose text contains `text`."""
    for link in browser.find_all(css):
        if text in link.text:
            return browser.click_element(link)
    raise AssertionError("no %s saying %r among %r" % (css, text, [l.text for l in browser.find_all(css)]))


def book_on_the_page(browser, salon, address, provider="Ava", phone=None):
    """Service, location, provider, a day two weeks on (outside the notice), a start, the details form."""
    browser.visit("/book/" + salon.slug)
    assert browser.find("html").get_attribute("lang") == browser.language  # Accept-Language
    choose(browser, "a.service-link", "Haircut")
    choose(browser, "a.location-link", "Downtown")
    choose(browser, "a.provider-link", provider)
    browser.click("#next-week").click("#next-week")
    browser.click_element(browser.find_all("a.day-link")[0])
    browser.click_element(browser.find_all("a.slot-link")[0])
    form = browser.find("form#details-form")
    assert form.get_attribute("method").lower() == "post"
    for box in ("consent_email", "consent_sms"):
        assert not browser.find("form#details-form [name=%s]" % box).is_selected(), box + " is ticked by default"
    locale = browser.find("form#details-form select[name=locale]")
    assert locale.get_attribute("value") == browser.language
    browser.find("form#details-form [name=name]").send_keys("Grace Hopper")
    browser.find("form#details-form [name=email]").send_keys(address)
    browser.find("form#details-form [name=consent_email]").click()
    if phone:
        browser.find("form#details-form [name=phone]").send_keys(phone)
        browser.find("form#details-form [name=consent_sms]").click()
    browser.click("#book-button")
    assert browser.path().startswith("/manage/"), browser.path()
    assert browser.find("#flash").text.strip()
    return browser.path().split("/")[2]


def test_book_move_and_cancel_through_the_pages(journey_browser, salon, site):
    browser = journey_browser
    address = new_email("journey")
    token = book_on_the_page(browser, salon, address)
    # The form's language defaults to the browser's; every later page follows the customer's choice.
    assert browser.find("html").get_attribute("lang") == browser.language

    [confirmation] = site.wait_for_mail(address, 1)
    links = mail_links(confirmation)
    assert any("/manage/%s" % token in link for link in links), links
    for link in links:
        status, headers, _ = site.http("GET", link[len(site.base_url):]) if link.startswith(site.base_url) else (None, {}, "")
        assert status == 200, "%s answered %s" % (link, status)
        if headers["Content-Type"].startswith("text/html"):
            browser.visit(link)

    browser.visit("/manage/" + token).click("#reschedule-link")
    # Two weeks on, so the new time is outside the 24 h notice and can still be cancelled.
    browser.pick_free_start(exclude=site.api("GET", "/v1/manage/" + token)[1]["start"], weeks_ahead=2)
    browser.click("#confirm-reschedule")
    assert browser.path() == "/manage/" + token and browser.find("#flash").text.strip()
    moved = site.wait_for_mail(address, 2)[1]
    assert sequence(moved) > sequence(confirmation)

    browser.click("#cancel-link").click("#confirm-cancel")
    assert browser.path() == "/manage/" + token and browser.find("#flash").text.strip()
    cancelled = site.wait_for_mail(address, 3)[2]
    assert "METHOD:CANCEL" in (mail_calendar(cancelled) or ""), cancelled["Subject"]
    assert sequence(cancelled) > sequence(moved)


def open_details_form(browser, salon, provider):
    """The details form of `provider`'s first free start two weeks on; returns that start."""
    browser.visit("/book/" + salon.slug)
    choose(browser, "a.service-link", "Haircut")
    choose(browser, "a.location-link", "Downtown")
    if provider == "anyone":
        browser.click("#provider-any")
    else:
        choose(browser, "a.provider-link", provider)
    browser.click("#next-week").click("#next-week")
    browser.click_element(browser.find_all("a.day-link")[0])
    browser.click_element(browser.find_all("a.slot-link")[0])
    return browser.find("form#details-form [name=start]").get_attribute("value")


def test_a_form_error_is_summarised_and_keeps_the_input(browser, salon):
    open_details_form(browser, salon, "anyone")
    browser.find("form#details-form [name=name]").send_keys("Grace Hopper")
    browser.find("form#details-form [name=email]").send_keys("not an address")
    browser.click("#book-button")
    summary = browser.find("#error-summary")
    assert summary.get_attribute("role") == "alert"
    targets = [a.get_attribute("href").split("#")[1] for a in summary.find_elements("css selector", "a")]
    assert "field-email" in targets, targets
    for target in targets:
        assert browser.find_all("#" + target), "the summary links to #%s, which is not on the page" % target
    assert browser.find("form#details-form [name=name]").get_attribute("value") == "Grace Hopper"


def test_a_start_taken_meanwhile_offers_the_nearest_free_ones(browser, salon):
    start = open_details_form(browser, salon, "Ben")
    salon.book(start, new_email("first"), provider="Ben")
    browser.find("form#details-form [name=name]").send_keys("Grace Hopper")
    browser.find("form#details-form [name=email]").send_keys(new_email("second"))
    browser.click("#book-button")
    # The contract said links; the page offers them as submit buttons of the same form.
    alternatives = browser.find_all(".alternative-link")
    assert 1 <= len(alternatives) <= 3, [a.text for a in alternatives]
    browser.click_element(alternatives[0])
    assert browser.path().startswith("/manage/"), browser.path()
    assert browser.find("#flash").text.strip()


def test_a_language_the_pages_lack_gets_the_business_default(browsers, salon):
    browser = browsers(language="fr")
    browser.visit("/book/" + salon.slug)
    assert browser.find("html").get_attribute("lang") == "en"


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(browser, salon):
    browser.visit("/book/" + salon.slug)
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    focused = browser.driver.switch_to.active_element
    assert focused.get_attribute("href").endswith("#main") and focused.is_displayed()
    focused.send_keys(Keys.ENTER)
    browser.wait(lambda d: d.switch_to.active_element.get_attribute("id") == "main",
                 message="focus did not move to <main>")


def test_an_old_style_booking_link_leads_to_the_business_page_with_its_choices(browser, salon):
    start = salon.next_free("Ava", days_ahead=30)
    query = "service=%s&location=%s&provider=%s&start=%s" % (
        salon.service, salon.location, salon.providers["Ava"], start.replace("+", "%2B"))
    browser.visit("/book?" + query)
    assert browser.path() == "/book/" + salon.slug
    assert same_instant(browser.find("form#details-form [name=start]").get_attribute("value"), start)


def test_the_confirmation_text_links_to_the_booking(browsers, salon, site):
    browser = browsers()
    phone = "+14155557010"  # the SMS peer answers 201 to any number ending otherwise than its error codes
    token = book_on_the_page(browser, salon, new_email("texted"), phone=phone)
    text = site.wait_for_text(phone)
    links = re.findall(r"https?://\S+", text)
    assert any("/manage/%s" % token in link for link in links), text
    for link in links:
        browser.visit(link)
        assert browser.response["status"] == 200, link
