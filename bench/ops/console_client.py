"""The operator console as a browser sees it, for bench/ops: requests without
following redirects, with the same-origin headers a browser sends, and a
sign-in that returns the session cookie and the page's CSRF token."""
import re
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Console:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(NoRedirect)
        self.session = ""

    def call(self, method, path, form=None, cookie=None):
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        headers = {"Origin": self.base, "Sec-Fetch-Site": "same-origin", "Cookie": self.session if cookie is None else cookie}
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.headers, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def sign_in(self, name, password):
        """Signs in; returns the CSRF token of the overview's forms."""
        _, headers, page = self.call("GET", "/ops/sign-in", cookie="")
        status, headers, _ = self.call("POST", "/ops/sign-in", {"csrf": csrf_of(page), "name": name, "password": password},
                                       cookie=cookie_of(headers, "booknow_ops_signin"))
        assert status == 303, status
        self.session = cookie_of(headers, "booknow_ops")
        return csrf_of(self.call("GET", "/ops")[2])


def cookie_of(headers, cookie):
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith(cookie + "="):
            return value.split(";")[0]
    raise SystemExit("no %s cookie" % cookie)


def csrf_of(page):
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)
