"""The business console's calendar: the week beside the day, a booking moved
from its page (the customer's "moved" email arrives at the SMTP peer and the
old time is free on the public booking page again), a booking made at the
desk for a walk-in customer (it shows on the day), and a time held for the
waitlist shown on the day and the week. Every calendar page passes the page
contract and axe-core, with JavaScript on and off, in English and Spanish."""
import datetime
import urllib.parse
import uuid

from harness import mail_text, same_instant, wait_until
from salon import NEW_YORK, Salon, new_email
from test_business_console import invite, sign_in_by_link


def local(iso):
    """An API instant as a datetime in New York."""
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(NEW_YORK)


def next_spring_change(today):
    """The Sunday in March the clocks in New York next go forward (the second Sunday)."""
    year = today.year + (1 if today >= datetime.date(today.year, 3, 1) else 0)
    first = datetime.date(year, 3, 1)
    return first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 7)


def calendar_paths(salon):
    """The calendar's pages, visited (page contract and axe) in every journey."""
    today = datetime.datetime.now(NEW_YORK).date()
    spring = next_spring_change(today)
    return ("/console/calendar?view=week",
            "/console/calendar?view=week&provider=%s&day=%s" % (salon.providers["Ava"], spring.isoformat()),
            "/console/calendar?day=%s" % spring.isoformat(),
            "/console/calendar/new",
            "/console/calendar/new?location=%s&service=%s&provider=%s&day=%s"
            % (salon.location, salon.service, salon.providers["Ben"], (today + datetime.timedelta(days=3)).isoformat()))


def test_the_week_view_and_the_new_booking_page_pass_axe(journey_browser, site):
    browser = journey_browser
    salon = Salon(site)
    customer = new_email("console-week")
    booking = salon.book_next(customer, days_ahead=4)
    start = local(booking["start"])
    sign_in_by_link(browser, invite(site, "week-%s@example.com" % uuid.uuid4().hex[:8]))
    for path in calendar_paths(salon):
        browser.visit(path)
    # From the day to its week by the switch, and a week on and back by the links.
    browser.visit("/console/calendar?day=%s" % start.date().isoformat())
    browser.click("#view-week")
    assert "view=week" in browser.driver.current_url
    section = browser.find("#day-%s" % start.date().isoformat())
    assert start.strftime("%H:%M") in section.text and "Ada Lovelace" in section.text
    assert "America/New_York" in browser.find("#week-heading").text
    browser.click("#next-week")
    browser.click("#previous-week")
    assert browser.find_all("#day-%s" % start.date().isoformat())
    # A day's heading leads to that day's view; the booking to its page with the move form.
    browser.click("#heading-%s a" % start.date().isoformat())
    assert browser.find("#day-table") and browser.find("#view-day").get_attribute("aria-current") == "page"
    browser.click('a[href="/console/bookings/%s"]' % booking["id"])
    assert browser.find("#move-form")


def test_a_booking_moved_from_the_console_tells_the_customer_and_frees_the_old_time(browser, site):
    salon = Salon(site)
    customer = new_email("console-move")
    booking = salon.book_next(customer, days_ahead=6)
    site.wait_for_mail(customer)  # the confirmation
    start = local(booking["start"])
    # A time taken by someone else, and a free one to move to (free once that one is booked).
    taken = salon.book(salon.free_starts("Ava", start.date())[0], new_email("console-taken"))
    target = local(salon.free_starts("Ava", start.date())[-1])
    assert booking["start"] not in salon.free_starts("Ava", start.date())

    sign_in_by_link(browser, invite(site, "mover-%s@example.com" % uuid.uuid4().hex[:8]))
    browser.visit("/console/bookings/%s" % booking["id"])

    def move_to(moment, reason):
        browser.driver.execute_script(
            "document.getElementById('move-day').value = arguments[0];"
            "document.getElementById('move-time').value = arguments[1];", moment.date().isoformat(), moment.strftime("%H:%M"))
        field = browser.find("#move-reason")
        field.clear()
        field.send_keys(reason)
        browser.click("#move-button")

    # A taken time: a page that says so, the form as typed.
    move_to(local(taken["start"]), "Customer asked for earlier")
    assert browser.response["status"] == 422 and browser.find("#move-error").text.strip()
    assert browser.find("#move-time").get_attribute("value") == local(taken["start"]).strftime("%H:%M")
    assert browser.find("#move-reason").get_attribute("value") == "Customer asked for earlier"

    move_to(target, "Customer asked for later")
    assert browser.path() == "/console/bookings/%s" % booking["id"] and browser.find("#flash").text.strip()
    assert target.strftime("%H:%M") in browser.find("#booking-when").text

    moved = site.wait_for_mail(customer, count=2)[1]
    assert moved["Subject"].startswith("Moved:"), moved["Subject"]
    assert target.strftime("%-I:%M") in mail_text(moved) or target.strftime("%H:%M") in mail_text(moved)
    wait_until(lambda: any(same_instant(booking["start"], iso) for iso in salon.free_starts("Ava", start.date())),
               30, "the old time is not free again")
    assert not any(same_instant(target.isoformat(), iso) for iso in salon.free_starts("Ava", start.date()))
    assert site.sql("SELECT count(*) FROM admin_audit WHERE route = '/console/bookings/{id}/move' AND targets->>'booking' = '%s'"
                    % booking["id"]) == [["1"]]


def test_a_walk_in_booked_at_the_desk_shows_on_the_day(browser, site):
    salon = Salon(site)
    day = local(salon.next_free("Ben", days_ahead=8)).date()
    sign_in_by_link(browser, invite(site, "desk-%s@example.com" % uuid.uuid4().hex[:8]))
    browser.visit("/console/calendar?location=%s&day=%s" % (salon.location, day.isoformat()))
    browser.click("#new-booking")
    browser.driver.execute_script("document.getElementById('n-provider').value = arguments[0];", salon.providers["Ben"])
    browser.click("#show-times")
    assert browser.find("#start-list")
    radio = browser.find("input[name=start]")
    chosen = radio.get_attribute("value")
    radio.click()
    name = "Walk In %s" % uuid.uuid4().hex[:6]
    email = new_email("walk-in")
    browser.find("#new-name").send_keys(name)
    browser.find("#new-phone").send_keys("12ab")
    browser.click("#create-booking")
    # A bad phone: the page says what to fix and keeps the rest.
    assert browser.response["status"] == 422 and browser.find("#new-errors").text.strip()
    assert browser.find("#new-name").get_attribute("value") == name
    browser.find("#new-phone").clear()
    browser.find("#new-email").send_keys(email)
    browser.find('input[name=start][value="%s"]' % chosen).click()
    browser.click("#create-booking")
    assert browser.path().startswith("/console/bookings/") and browser.find("#flash").text.strip()
    confirmation = site.wait_for_mail(email)[0]
    assert confirmation["Subject"].strip()

    browser.click('main a[href^="/console/calendar?"]')
    assert name in browser.find("#day-table").text and local(chosen).strftime("%H:%M") in browser.find("#day-table").text
    assert not any(same_instant(chosen, iso) for iso in salon.free_starts("Ben", day))


def test_a_time_held_for_the_waitlist_shows_on_the_day_and_the_week(browsers, site):
    salon = Salon(site)
    token = salon.offer_for_a_full_day()
    status, offer = site.api("GET", "/v1/offers/" + token)
    assert status == 200, (status, offer)
    start = local(offer["booking"]["start"])
    ben = salon.providers["Ben"]
    for javascript, language in ((True, "en"), (False, "es")):
        browser = browsers(javascript=javascript, language=language)
        sign_in_by_link(browser, invite(site, "held-%s@example.com" % uuid.uuid4().hex[:8]))
        browser.visit("/console/calendar?provider=%s&day=%s" % (ben, start.date().isoformat()))
        assert start.strftime("%H:%M") in browser.find("#offers-table").text
        assert browser.find("#absences-table").text.strip()  # Ben's lunch
        browser.visit("/console/calendar?view=week&provider=%s&day=%s" % (ben, start.date().isoformat()))
        held = browser.find("#day-%s" % start.date().isoformat()).text
        assert ("Held for the waitlist" if language == "en" else "Apartado para la lista de espera") in held
