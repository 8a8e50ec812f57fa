"""Staff and the catalogue in the business console: a provider's time off
and the services they offer on the hours page, the services page and the
locations page with their closures. What changes there reaches the public
booking page and /v1/availability at once. Every page passes the page
contract and axe-core, with JavaScript on and off, in English and Spanish,
and the forms are used by keyboard."""
import datetime
import uuid

from selenium.webdriver.common.keys import Keys

from harness import _stale, same_instant, wait_until
from salon import NEW_YORK, Salon
from test_business_console import invite, sign_in_by_link


def staff_paths(salon):
    """Every page of this area, visited (page contract and axe) in each journey."""
    return ("/console/hours", "/console/hours?provider=%s" % salon.providers["Ava"], "/console/services",
            "/console/services/%s" % salon.service, "/console/locations", "/console/locations/%s" % salon.location)


def sign_in(browser, site, label):
    sign_in_by_link(browser, invite(site, "%s-%s@example.com" % (label, uuid.uuid4().hex[:8])))


def tab_to(browser, css, limit=400):
    """Presses Tab until `css` has the focus: the element is reachable by keyboard, in page order."""
    wanted = browser.find(css)
    browser.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    body = browser.find("body")
    body.send_keys(Keys.TAB)
    for _ in range(limit):
        if browser.driver.switch_to.active_element == wanted:
            return wanted
        browser.driver.switch_to.active_element.send_keys(Keys.TAB)
    raise AssertionError("Tab never reached %s" % css)


def press(browser, css, key=Keys.ENTER):
    """Tabs to a button and presses it: the next page loads and is checked."""
    element = tab_to(browser, css)
    old = browser.find("html")
    element.send_keys(key)
    browser.wait(lambda d: _stale(old), message="pressing %s loaded no page" % css)
    return browser._landed(True)


def type_into(browser, css, text):
    """Tabs to a field and types `text` over what it holds."""
    field = tab_to(browser, css)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text)


def set_values(browser, values):
    """Date and time fields: their typed format depends on the browser's locale,
    so the value is set directly (WebDriver's scripts run with the page's off)."""
    for element_id, value in values.items():
        browser.driver.execute_script("document.getElementById(arguments[0]).value = arguments[1];", element_id, value)


def local(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), NEW_YORK)


def offered(salon, provider, day, hour, minute=0):
    moment = local(day, hour, minute).isoformat()
    return any(same_instant(start, moment) for start in salon.free_starts(provider, day))


def test_every_staff_page_and_its_refusals_pass_axe(journey_browser, site):
    browser = journey_browser
    salon = Salon(site)
    sign_in(browser, site, "staff-pages")
    browser.click('a[href="/console/hours"]')
    for link in ("/console/services", "/console/locations", "/console/hours"):
        browser.click('#staff-nav a[href="%s"]' % link)
        assert browser.find('#staff-nav a[href="%s"]' % link).get_attribute("aria-current") == "page"
    for path in staff_paths(salon):
        browser.visit(path)
    assert "America/New_York" in browser.find("#c-until-hint").text

    # A zone that is not an IANA name: a 422 page saying what to type, the typed values kept.
    browser.visit("/console/locations")
    type_into(browser, "#l-name", "Annex")
    type_into(browser, "#l-zone", "Mars/Olympus_Mons")
    type_into(browser, "#l-address", "1 Crater Road")
    press(browser, "#add-location")
    assert browser.response["status"] == 422 and browser.find("#form-errors").text.strip()
    assert browser.find("#l-zone").get_attribute("value") == "Mars/Olympus_Mons"
    assert browser.find("#l-address").get_attribute("value") == "1 Crater Road"
    if browser.javascript:
        assert browser.driver.switch_to.active_element.get_attribute("id") == "form-errors"

    # Time off that ends before it starts.
    browser.visit("/console/hours?provider=%s" % salon.providers["Ava"])
    set_values(browser, {"t-starts": "2099-03-02T12:00", "t-ends": "2099-03-02T11:00"})
    type_into(browser, "#t-note", "Backwards")
    press(browser, "#add-time-off")
    assert browser.response["status"] == 422 and browser.find("#time-off-errors").text.strip()
    assert browser.find("#t-starts").get_attribute("value") == "2099-03-02T12:00"
    assert browser.find("#t-note").get_attribute("value") == "Backwards"

    # A service with no name and a start step of 0 (the browser's own checks off: the server's answer is tested).
    browser.visit("/console/services/%s" % salon.service)
    browser.driver.execute_script("document.getElementById('service-form').noValidate = true")
    type_into(browser, "#s-name", " ")
    type_into(browser, "#s-slot_step_minutes", "0")
    press(browser, "#save-service")
    assert browser.response["status"] == 422 and len(browser.find_all("#form-errors li")) == 2
    assert browser.find("#s-slot_step_minutes").get_attribute("value") == "0"
    assert site.sql("SELECT name, slot_step FROM services WHERE id = '%s'" % salon.service) == [["Haircut", "00:15:00"]]

    # A closure whose last day comes before its first.
    browser.visit("/console/locations/%s" % salon.location)
    set_values(browser, {"c-from": "2099-03-03", "c-until": "2099-03-02"})
    press(browser, "#add-closure")
    assert browser.response["status"] == 422 and browser.find("#closure-errors").text.strip()
    assert browser.find("#c-from").get_attribute("value") == "2099-03-03"
    assert site.sql("SELECT count(*) FROM time_off WHERE note = 'Backwards' OR lower(dates) = '2099-03-03'") == [["0"]]


def test_time_off_takes_its_free_starts_off_the_booking_page_and_removing_it_gives_them_back(browser, site):
    salon = Salon(site)
    day = salon.working_day()
    assert offered(salon, "Ava", day, 10) and offered(salon, "Ava", day, 11) and offered(salon, "Ava", day, 9)
    sign_in(browser, site, "time-off")
    browser.click('a[href="/console/hours"]')
    browser.visit("/console/hours?provider=%s" % salon.providers["Ava"])
    assert "America/New_York" in browser.find("#t-zone").text
    note = "Dentist %s" % uuid.uuid4().hex[:6]
    set_values(browser, {"t-starts": "%sT10:00" % day.isoformat(), "t-ends": "%sT12:00" % day.isoformat()})
    type_into(browser, "#t-note", note)
    press(browser, "#add-time-off")
    assert browser.find("#flash").text.strip()
    row = [r for r in browser.find_all("#time-off-table tbody tr") if note in r.text]
    assert row and "%s 10:00" % day.isoformat() in row[0].text
    wait_until(lambda: not offered(salon, "Ava", day, 10) and not offered(salon, "Ava", day, 11), 30,
               "the time off left its starts on the booking page")
    assert offered(salon, "Ava", day, 9) and offered(salon, "Ben", day, 10), "only Ava's 10:00–12:00 is off"

    [time_off] = site.sql("SELECT id FROM time_off WHERE note = '%s'" % note)
    press(browser, 'form[action="/console/hours/time-off/%s/remove"] button' % time_off[0])
    assert browser.find("#flash").text.strip()
    wait_until(lambda: offered(salon, "Ava", day, 10) and offered(salon, "Ava", day, 11), 30,
               "removing the time off did not give its starts back")
    assert site.sql("SELECT count(*) FROM admin_audit WHERE actor_kind = 'admin' AND route LIKE '/console/hours/time-off%%'"
                    " AND (summary LIKE '%%%s%%' OR targets->>'time_off' = '%s')" % (day.isoformat(), time_off[0])) == [["2"]]


def test_a_service_added_in_the_console_is_offered_on_the_booking_page(browser, site):
    salon = Salon(site)
    name = "Zz Trim %s" % uuid.uuid4().hex[:6]
    sign_in(browser, site, "services")
    browser.click('a[href="/console/hours"]')
    browser.click('#staff-nav a[href="/console/services"]')
    type_into(browser, "#s-name", name)
    type_into(browser, "#s-duration_minutes", "20")
    type_into(browser, "#s-slot_step_minutes", "10")
    tab_to(browser, "#offerer-%s" % salon.providers["Ava"]).send_keys(Keys.SPACE)
    assert browser.find("#offerer-%s" % salon.providers["Ava"]).is_selected()
    press(browser, "#add-service")
    assert browser.find("#flash").text.strip() and name in browser.find("#services-table").text

    # The booking page offers it, at Downtown, with Ava.
    browser.visit("/book/%s" % salon.slug)
    link = [a for a in browser.find_all("a.service-link") if name in a.text]
    assert link, "the new service is not on the booking page"
    browser.click_element(link[0])
    places = [a.text for a in browser.find_all("a.location-link")]
    assert len(places) == 1 and "Downtown" in places[0], places
    browser.click_element(browser.find("a.location-link"))
    providers = [a.text.strip() for a in browser.find_all("a.provider-link:not(#provider-any)")]
    assert providers == ["Ava"], providers

    # Changed in the console: the booking page's length follows.
    [service] = site.sql("SELECT id FROM services WHERE name = '%s'" % name)
    browser.visit("/console/services/%s" % service[0])
    type_into(browser, "#s-duration_minutes", "25")
    press(browser, "#save-service")
    assert browser.find("#flash").text.strip() and browser.find("#s-duration_minutes").get_attribute("value") == "25"
    status, body = site.api("GET", "/v1/services")
    assert status == 200 and [s for s in body["data"] if s["name"] == name][0]["duration_minutes"] == 25

    # Ben offers it too, ticked on his hours page by keyboard.
    browser.visit("/console/hours?provider=%s" % salon.providers["Ben"])
    tab_to(browser, "#offers-%s" % service[0]).send_keys(Keys.SPACE)
    press(browser, "#save-offers")
    assert browser.find("#flash").text.strip() and browser.find("#offers-%s" % service[0]).is_selected()
    assert site.sql("SELECT count(*) FROM provider_services WHERE service_id = '%s'" % service[0]) == [["2"]]


def test_a_closure_takes_its_days_off_the_booking_page_and_a_location_is_added_and_renamed(browser, site):
    salon = Salon(site)
    day = salon.working_day()
    assert salon.free_starts("Ava", day) and salon.free_starts("Ben", day)
    sign_in(browser, site, "closures")
    browser.click('a[href="/console/hours"]')
    browser.click('#staff-nav a[href="/console/locations"]')
    browser.click('a[href="/console/locations/%s"]' % salon.location)
    reason = "Refit %s" % uuid.uuid4().hex[:6]
    set_values(browser, {"c-from": day.isoformat(), "c-until": day.isoformat()})
    type_into(browser, "#c-note", reason)
    press(browser, "#add-closure")
    assert browser.find("#flash").text.strip() and reason in browser.find("#closures-table").text
    wait_until(lambda: not salon.free_starts("Ava", day) and not salon.free_starts("Ben", day), 30,
               "the closure left starts on the booking page")
    assert salon.free_starts("Ava", day + datetime.timedelta(days=1 if day.weekday() < 5 else 2))

    [closure] = site.sql("SELECT id FROM time_off WHERE note = '%s'" % reason)
    press(browser, 'form[action="/console/closures/%s/remove"] button' % closure[0])
    assert browser.find("#flash").text.strip() and not [r for r in browser.find_all("#closures-table tr") if reason in r.text]
    wait_until(lambda: salon.free_starts("Ava", day) and salon.free_starts("Ben", day), 30, "reopening did not give the day back")

    # A new location, then renamed; its zone is suggested and kept.
    name = "Zz Annex %s" % uuid.uuid4().hex[:6]
    browser.visit("/console/locations")
    type_into(browser, "#l-name", name)
    type_into(browser, "#l-zone", "Europe/Madrid")
    press(browser, "#add-location")
    assert browser.find("#flash").text.strip() and browser.find("#l-zone").get_attribute("value") == "Europe/Madrid"
    type_into(browser, "#l-name", name + " Norte")
    press(browser, "#save-location")
    assert browser.find("#flash").text.strip()
    assert site.sql("SELECT time_zone FROM locations WHERE name = '%s Norte'" % name) == [["Europe/Madrid"]]
