"""What a salon owner with only a browser still needed from the business
console: providers added, renamed and removed on the staff hours page;
services and locations removed when nothing refers to them (and refused, with
what to do, when something does); a waitlist entry removed for its customer;
and a refused weekly rule that keeps what was typed. With JavaScript on and
off, in English and Spanish; every page passes the page contract and
axe-core, and the forms are used by keyboard."""
import uuid

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from salon import Salon, new_email
from test_console_staff import press, set_values, sign_in, tab_to, type_into

# Refusals say what to do, in the page's language.
IN_USE = {"en": "was not removed", "es": "No se eliminó"}
RULE_ORDER = {"en": "Until must be after From", "es": "Hasta debe ser después de Desde"}


def gaps_paths(salon):
    """The changed pages and what they say after each change, visited (page contract and axe) in each journey."""
    return ("/console/hours?provider=%s" % salon.providers["Ben"], "/console/hours?done=provider-removed",
            "/console/services/%s" % salon.service, "/console/services?done=removed", "/console/locations/%s" % salon.location,
            "/console/locations?done=removed", "/console/waitlist", "/console/waitlist?done=removed")


def audited(site, route, target, value):
    return site.sql("SELECT count(*) FROM admin_audit WHERE actor_kind = 'admin' AND route = '%s' AND targets->>'%s' = '%s'"
                    % (route, target, value))[0][0]


def no_validation(browser, form):
    """The browser's own checks off, so the server's answer is what is tested."""
    browser.driver.execute_script("document.getElementById(arguments[0]).noValidate = true", form)


def test_refusals_keep_what_was_typed_say_what_to_do_and_pass_axe(journey_browser, site):
    browser = journey_browser
    salon = Salon(site)
    ava = salon.providers["Ava"]
    salon.book_next(new_email("in-use"), provider="Ava")  # Ava, the Haircut and Downtown are in use
    salon.join_waitlist("Ben", salon.working_day(), new_email("gaps-queue"))  # a waiting entry and its remove button
    sign_in(browser, site, "gaps-refusals")
    browser.click('a[href="/console/hours"]')
    for path in gaps_paths(salon):
        browser.visit(path)
    assert browser.find_all("#waitlist-table button.button-danger")
    browser.visit("/console/hours?provider=%s" % ava)

    # A weekly rule that ends before it starts: every value as typed, the error at the field.
    Select(browser.find("#r-weekday")).select_by_value("6")
    set_values(browser, {"r-start": "15:30", "r-end": "11:15"})
    press(browser, "#add-rule")
    assert browser.response["status"] == 422
    assert RULE_ORDER[browser.language] in browser.find("#rule-errors").text
    assert Select(browser.find("#r-weekday")).first_selected_option.get_attribute("value") == "6"
    assert browser.find("#r-start").get_attribute("value") == "15:30"
    end = browser.find("#r-end")
    assert end.get_attribute("value") == "11:15" and end.get_attribute("aria-invalid") == "true"
    assert end.get_attribute("aria-describedby") == "r-end-error" and browser.find("#r-end-error").text.strip()
    assert browser.find("#r-start").get_attribute("aria-invalid") is None
    if browser.javascript:
        assert browser.driver.switch_to.active_element.get_attribute("id") == "rule-errors"
    # The summary's link leads to the field.
    browser.find('#rule-errors a[href="#r-end"]').click()
    assert browser.driver.current_url.endswith("#r-end")
    assert site.sql("SELECT count(*) FROM availability_rules WHERE provider_id = '%s' AND start_time = '15:30'" % ava) == [["0"]]

    # A new provider with no name: the location and services ticked are kept.
    browser.visit("/console/hours?provider=%s" % ava)
    no_validation(browser, "new-provider-form")
    tab_to(browser, "#np-service-%s" % salon.service).send_keys(Keys.SPACE)
    type_into(browser, "#np-name", " ")
    press(browser, "#add-provider")
    assert browser.response["status"] == 422 and browser.find("#new-provider-errors").text.strip()
    assert browser.find("#np-name").get_attribute("aria-describedby") == "np-name-error"
    assert browser.find("#np-service-%s" % salon.service).is_selected()
    if browser.javascript:
        assert browser.driver.switch_to.active_element.get_attribute("id") == "new-provider-errors"

    # Ava has bookings: refused, with what to do instead.
    browser.visit("/console/hours?provider=%s" % ava)
    press(browser, "#remove-provider")
    assert browser.response["status"] == 422 and IN_USE[browser.language] in browser.find("#removal-refused").text
    browser.visit("/console/services/%s" % salon.service)
    press(browser, "#remove-service")
    assert browser.response["status"] == 422 and IN_USE[browser.language] in browser.find("#removal-refused").text
    browser.visit("/console/locations/%s" % salon.location)
    press(browser, "#remove-location")
    assert browser.response["status"] == 422 and IN_USE[browser.language] in browser.find("#removal-refused").text
    if browser.javascript:
        assert browser.driver.switch_to.active_element.get_attribute("id") == "removal-refused"
    assert site.sql("SELECT count(*) FROM providers WHERE id = '%s'" % ava) == [["1"]]
    assert site.sql("SELECT count(*) FROM services WHERE id = '%s'" % salon.service) == [["1"]]
    assert site.sql("SELECT count(*) FROM locations WHERE id = '%s'" % salon.location) == [["1"]]


def test_a_provider_is_added_with_a_service_renamed_and_removed_by_keyboard(browser, site):
    salon = Salon(site)
    name = "Zz Cleo %s" % uuid.uuid4().hex[:6]
    sign_in(browser, site, "gaps-providers")
    browser.click('a[href="/console/hours"]')
    type_into(browser, "#np-name", name)
    Select(browser.find("#np-location")).select_by_value(salon.location)
    tab_to(browser, "#np-service-%s" % salon.service).send_keys(Keys.SPACE)
    press(browser, "#add-provider")
    assert browser.find("#flash").text.strip() and browser.find("#pr-name").get_attribute("value") == name
    [[provider]] = site.sql("SELECT id FROM providers WHERE name = '%s'" % name)
    assert "provider=%s" % provider in browser.driver.current_url
    assert browser.find("#offers-%s" % salon.service).is_selected()
    status, body = site.api("GET", "/v1/providers?location=" + salon.location)
    assert status == 200 and [p for p in body["data"] if p["id"] == provider and salon.service in p["service_ids"]]

    renamed = name.replace("Cleo", "Cleopatra")
    type_into(browser, "#pr-name", renamed)
    press(browser, "#rename-provider")
    assert browser.find("#flash").text.strip() and renamed in browser.find("#provider-heading").text
    assert site.sql("SELECT name FROM providers WHERE id = '%s'" % provider) == [[renamed]]

    press(browser, "#remove-provider")
    assert browser.find("#flash").text.strip()
    assert site.sql("SELECT count(*) FROM providers WHERE id = '%s'" % provider) == [["0"]]
    assert not browser.find_all('#h-provider option[value="%s"]' % provider)
    for route in ("/console/providers", "/console/providers/{id}", "/console/providers/{id}/remove"):
        assert audited(site, route, "provider", provider) == "1", route


def test_an_unused_service_and_location_are_removed(browser, site):
    suffix = uuid.uuid4().hex[:6]
    sign_in(browser, site, "gaps-removals")
    browser.click('a[href="/console/hours"]')
    browser.click('#staff-nav a[href="/console/services"]')
    type_into(browser, "#s-name", "Zz Wax %s" % suffix)
    press(browser, "#add-service")
    [[service]] = site.sql("SELECT id FROM services WHERE name = 'Zz Wax %s'" % suffix)
    browser.visit("/console/services/%s" % service)
    press(browser, "#remove-service")
    assert browser.path() == "/console/services" and browser.find("#flash").text.strip()
    assert site.sql("SELECT count(*) FROM services WHERE id = '%s'" % service) == [["0"]]
    assert audited(site, "/console/services/{id}/remove", "service", service) == "1"

    browser.visit("/console/locations")
    type_into(browser, "#l-name", "Zz Annex %s" % suffix)
    type_into(browser, "#l-zone", "Europe/Madrid")
    press(browser, "#add-location")
    [[location]] = site.sql("SELECT id FROM locations WHERE name = 'Zz Annex %s'" % suffix)
    press(browser, "#remove-location")
    assert browser.path() == "/console/locations" and browser.find("#flash").text.strip()
    assert site.sql("SELECT count(*) FROM locations WHERE id = '%s'" % location) == [["0"]]
    assert audited(site, "/console/locations/{id}/remove", "location", location) == "1"


def test_a_waiting_entry_is_removed_for_its_customer(browser, site):
    salon = Salon(site)
    address = new_email("gaps-waiting")
    salon.join_waitlist("Ben", salon.working_day(), address)
    [[entry]] = site.sql("SELECT e.id FROM waitlist_entries e JOIN customers c ON c.business_id = e.business_id "
                         "AND c.id = e.customer_id WHERE c.email = '%s'" % address)
    sign_in(browser, site, "gaps-waitlist")
    browser.click('a[href="/console/waitlist"]')
    Select(browser.find("#w-provider")).select_by_value(salon.providers["Ben"])
    browser.click("#show-waitlist")
    press(browser, "#remove-%s" % entry)
    assert browser.find("#flash").text.strip() and not browser.find_all("#entry-%s" % entry)
    assert "provider=%s" % salon.providers["Ben"] in browser.driver.current_url, "the same view as before"
    assert site.sql("SELECT status FROM waitlist_entries WHERE id = '%s'" % entry) == [["left"]]
    assert audited(site, "/console/waitlist/{id}/remove", "waitlist_entry", entry) == "1"
