"""booknowd behind the example nginx site (config/nginx/booknow.conf) over
TLS: Chromium books and cancels through https://127.0.0.1:PORT, the browser
cookie is Secure, every answer carries HSTS, the access log holds no link
token, and neither the operator
console's path nor /metrics is reachable through the proxy."""
import copy
import os
import ssl
import urllib.error
import urllib.request

from harness import Browser
from salon import Salon, new_email
from test_book_flow import book_on_the_page

TLS_URL = os.environ["BROWSER_TLS_URL"]


def fetch(path):
    """GET through the proxy, trusting its self-signed certificate; (status, headers)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(TLS_URL + path, context=context, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


def test_book_and_cancel_over_https_behind_nginx(site):
    salon = Salon(site)
    tls_site = copy.copy(site)
    tls_site.base_url = TLS_URL  # every path the browser visits goes through nginx
    browser = Browser(tls_site, "tls-proxy", javascript=True)
    try:
        token = book_on_the_page(browser, salon, new_email("tls"))
        assert browser.driver.current_url.startswith(TLS_URL + "/manage/"), browser.driver.current_url
        assert browser.response["headers"]["strict-transport-security"].startswith("max-age=31536000")
        manage = browser.driver.current_url
        browser.visit("/book/" + salon.slug)  # the form cookie's path is /book
        cookies = {c["name"]: c for c in browser.driver.get_cookies()}
        assert cookies["booknow_browser"]["secure"] is True, cookies["booknow_browser"]
        assert cookies["booknow_browser"]["httpOnly"] is True

        browser.visit(manage).click("#cancel-link").click("#confirm-cancel")
        assert browser.driver.current_url == TLS_URL + "/manage/%s?done=cancelled" % token, browser.driver.current_url
        assert browser.find("#flash").text.strip()
        assert site.api("GET", "/v1/manage/" + token)[1]["status"] == "cancelled"
        # The example site's access log names the routes, never the link's token.
        log = open(os.environ["BROWSER_TLS_ACCESS_LOG"]).read()
        assert '"GET /manage/TOKEN" 200' in log and '"POST /manage/TOKEN/cancel" 303' in log, log[-2000:]
        assert token not in log
    finally:
        browser.quit()


def test_the_operator_listener_and_metrics_are_not_reachable_through_the_proxy(site):
    for path in ("/ops", "/ops/", "/ops/tenants", "/metrics"):
        status, headers = fetch(path)
        assert status == 404, "%s through the proxy answered %s" % (path, status)
        assert "strict-transport-security" in headers
    # Directly on loopback the daemon still serves its metrics.
    assert site.http("GET", "/metrics")[0] == 200
    status, headers = fetch("/readyz")
    assert status == 200 and headers["strict-transport-security"].startswith("max-age=")
