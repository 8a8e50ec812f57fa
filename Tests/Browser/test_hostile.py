"""Requests no page would send: forms without or with someone else's CSRF
token, cross-site posts, and guessed tokens. Each is refused and changes
nothing."""
import secrets

import pytest

from harness import form_fields
from salon import Salon, new_email


@pytest.fixture(scope="module")
def salon(site):
    return Salon(site)


def cancel_form(site, token):
    status, _, body = site.http("GET", "/manage/%s/cancel" % token)
    assert status == 200
    return form_fields(body, "cancel-form")


def status_of(site, token):
    return site.api("GET", "/v1/manage/" + token)[1]["status"]


def test_a_cancel_without_the_right_csrf_token_is_refused(salon, site):
    token = salon.book_next(new_email("csrf"))["manage_token"]
    other = salon.book_next(new_email("csrf-other"))["manage_token"]
    fields = cancel_form(site, token)
    assert fields.get("csrf")
    forged = [
        {k: v for k, v in fields.items() if k != "csrf"},    # missing
        dict(fields, csrf=secrets.token_urlsafe(32)),          # made up
        dict(fields, csrf=cancel_form(site, other)["csrf"]),   # another booking's
    ]
    for form in forged:
        status, _, body = site.http("POST", "/manage/%s/cancel" % token, form)
        assert status == 403, (status, body[:200])
        assert "<h1" in body
    assert status_of(site, token) == "confirmed" and status_of(site, other) == "confirmed"


def test_a_cross_site_post_is_refused_even_with_a_valid_token(salon, site):
    token = salon.book_next(new_email("origin"))["manage_token"]
    fields = cancel_form(site, token)
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        status, _, _ = site.http("POST", "/manage/%s/cancel" % token, fields, headers)
        assert status == 403, headers
    assert status_of(site, token) == "confirmed"


def test_forged_posts_to_offer_and_waitlist_pages_are_refused(salon, site):
    offer = salon.offer_for_a_full_day()
    waiting = salon.join_waitlist("Ben", salon.working_day(), new_email("waiting"))
    other = salon.join_waitlist("Ben", salon.working_day(), new_email("waiting-other"))
    for path, form_id, other_path in (("/offers/%s" % offer, "accept-form", "/waitlist/%s" % other),
                                      ("/waitlist/%s" % waiting, "leave-form", "/waitlist/%s" % other)):
        status, _, page = site.http("GET", path)
        assert status == 200, (path, status)
        fields = form_fields(page, form_id)
        action = path + ("/accept" if form_id == "accept-form" else "/leave")
        other_csrf = form_fields(site.http("GET", other_path)[2], "leave-form")["csrf"]
        for form, headers in (({k: v for k, v in fields.items() if k != "csrf"}, {}),
                              (dict(fields, csrf=secrets.token_urlsafe(32)), {}),
                              (dict(fields, csrf=other_csrf), {}),
                              (fields, {"Origin": "https://evil.example"})):
            status, _, body = site.http("POST", action, form, headers)
            assert status == 403, (action, headers, status, body[:200])
    assert site.api("GET", "/v1/offers/" + offer)[1]["state"] == "open"
    assert site.api("GET", "/v1/waitlist/" + waiting)[1]["status"] == "waiting"


def details_form(site, salon, provider="Ben"):
    """The booking page's details form for `provider`'s next free start, fetched as a
    browser would, with the cookie its form token is bound to: (cookie, fields)."""
    start = salon.next_free(provider, days_ahead=30)
    query = "service=%s&location=%s&provider=%s&start=%s" % (
        salon.service, salon.location, salon.providers[provider], start.replace("+", "%2B"))
    status, headers, page = site.http("GET", "/book/%s?%s" % (salon.slug, query))
    assert status == 200, status
    cookie = "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie") or [])
    return cookie, form_fields(page, "details-form")


def bookings_of(site, address):
    return int(site.sql("SELECT count(*) FROM bookings b JOIN customers c ON c.id = b.customer_id "
                        "WHERE c.email = '%s'" % address)[0][0])


def test_a_booking_form_sent_twice_books_once(salon, site):
    cookie, fields = details_form(site, salon)
    address = new_email("twice")
    fields.update(name="Grace Hopper", email=address, consent_email="yes")
    answers = [site.http("POST", "/book/" + salon.slug, fields, {"Cookie": cookie}) for _ in range(2)]
    assert [a[0] for a in answers] == [303, 303], [(a[0], a[2][:200]) for a in answers]
    assert answers[0][1]["Location"] == answers[1][1]["Location"]
    assert bookings_of(site, address) == 1


def test_a_cross_site_or_tokenless_booking_post_is_refused(salon, site):
    cookie, fields = details_form(site, salon)
    address = new_email("cross")
    fields.update(name="Grace Hopper", email=address, consent_email="yes")
    for form, headers in ((fields, {"Cookie": cookie, "Origin": "https://evil.example"}),
                          (fields, {}),                                        # the form token without its cookie
                          ({k: v for k, v in fields.items() if k != "form_token"}, {"Cookie": cookie})):
        status, _, body = site.http("POST", "/book/" + salon.slug, form, headers)
        assert status == 403, (headers, status, body[:200])
    assert bookings_of(site, address) == 0


@pytest.mark.parametrize("prefix", ["/manage/", "/offers/", "/waitlist/"])
def test_guessed_tokens_get_the_not_found_page(prefix, site):
    for _ in range(50):
        status, headers, body = site.http("GET", prefix + secrets.token_urlsafe(24))
        assert status == 404 and headers["Content-Type"].startswith("text/html"), (status, headers)
        assert "<h1" in body


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_not_found_and_forbidden_pages_pass_the_page_checks(browsers, salon, site, language):
    browser = browsers(language=language)
    browser.visit("/manage/" + secrets.token_urlsafe(24))
    assert browser.find("html").get_attribute("lang") == language
    token = salon.book_next(new_email("forbidden"), locale=language)["manage_token"]
    browser.visit("/manage/%s/cancel" % token)
    browser.driver.execute_script("document.querySelector('#cancel-form [name=csrf]').value = 'forged'")
    browser.click("#confirm-cancel")
    assert browser.path() == "/manage/%s/cancel" % token
    assert not browser.find_all("#cancel-form")
    assert status_of(site, token) == "confirmed"
