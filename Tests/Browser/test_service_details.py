"""A service's description and price: typed on the console's services page
(an amount such as 35.00 and a currency code), refused with what to do and
everything kept when malformed, shown in the services table and on the public
booking page in the reader's language ("$35.00", "35,00 US$") where the
customer chooses a service. Every page passes the page contract and axe-core,
with JavaScript on and off, in English and Spanish, and the form is used by
keyboard."""
import uuid

from selenium.webdriver.common.keys import Keys

from salon import Salon
from test_console_staff import press, sign_in, tab_to, type_into

PRICE = {"en": "$35.00", "es": "35,00 US$"}
DESCRIPTION = "Hot towel and a straight-razor finish."


def text(element):
    """Visible text with no-break spaces as spaces (ICU puts one between amount and symbol)."""
    return element.text.replace("\u00a0", " ")


def test_a_price_and_description_set_in_the_console_show_on_the_booking_page(journey_browser, site):
    browser = journey_browser
    salon = Salon(site)
    name = "Zz Shave %s" % uuid.uuid4().hex[:6]
    sign_in(browser, site, "service-details")
    browser.click('a[href="/console/hours"]')
    browser.click('#staff-nav a[href="/console/services"]')

    # A comma for decimals: refused with what to type, everything typed kept.
    type_into(browser, "#s-name", name)
    type_into(browser, "#s-duration_minutes", "20")
    type_into(browser, "#s-description", DESCRIPTION)
    type_into(browser, "#s-price", "35,00")
    type_into(browser, "#s-currency", "usd")
    tab_to(browser, "#offerer-%s" % salon.providers["Ava"]).send_keys(Keys.SPACE)
    press(browser, "#add-service")
    assert browser.response["status"] == 422
    errors = browser.find("#form-errors").text
    assert "35.00" in errors and "USD" in errors, errors
    assert browser.find("#s-price").get_attribute("value") == "35,00"
    assert browser.find("#s-currency").get_attribute("value") == "usd"
    assert browser.find("#s-description").get_attribute("value") == DESCRIPTION
    assert browser.find("#offerer-%s" % salon.providers["Ava"]).is_selected()
    if browser.javascript:
        assert browser.driver.switch_to.active_element.get_attribute("id") == "form-errors"
    assert site.sql("SELECT count(*) FROM services WHERE name = '%s'" % name) == [["0"]]

    # Corrected: added, and the table shows the price in the admin's language.
    type_into(browser, "#s-price", "35.00")
    press(browser, "#add-service")
    assert browser.find("#flash").text.strip()
    [row] = [r for r in browser.find_all("#services-table tbody tr") if name in r.text]
    assert PRICE[browser.language] in text(row) and DESCRIPTION in row.text, text(row)
    [service] = site.sql("SELECT id FROM services WHERE name = '%s' AND price_minor = 3500 AND price_currency = 'USD'" % name)
    browser.visit("/console/services/%s" % service[0])
    assert browser.find("#s-price").get_attribute("value") == "35.00"
    assert browser.find("#s-currency").get_attribute("value") == "USD"

    # The booking page: the price beside the length, the description under the choice, in the customer's language.
    browser.visit("/book/%s" % salon.slug)
    [link] = [a for a in browser.find_all("a.service-link") if name in a.text]
    assert PRICE[browser.language] in text(link), text(link)
    about = browser.find("#%s" % link.get_attribute("aria-describedby"))
    assert about.text == DESCRIPTION
    haircut = [a for a in browser.find_all("a.service-link") if a.text.startswith("Haircut")]
    assert haircut and not haircut[0].get_attribute("aria-describedby"), "a service with no description describes nothing"
    browser.click_element(link)
    assert PRICE[browser.language] in text(browser.find("dl.choices")), "the chosen service keeps its price"

    # Cleared in the console: the booking page shows neither.
    browser.visit("/console/services/%s" % service[0])
    type_into(browser, "#s-price", "")
    type_into(browser, "#s-currency", "")
    type_into(browser, "#s-description", "")
    press(browser, "#save-service")
    assert browser.find("#flash").text.strip()
    browser.visit("/book/%s" % salon.slug)
    [link] = [a for a in browser.find_all("a.service-link") if name in a.text]
    assert not link.find_elements("css selector", ".price") and not link.get_attribute("aria-describedby")
    status, body = site.api("GET", "/v1/services")
    assert status == 200 and [s for s in body["data"] if s["name"] == name][0]["price"] is None
