"""The demo salon (`booknowctl demo seed`) through the /v1 API: its ids, free
starts and bookings made with its public key, so a test can set up what the
pages then show. Every test books its own times, so tests share the salon."""
import datetime
import itertools
import subprocess
import urllib.parse
import uuid
import zoneinfo

from harness import mail_links

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
_addresses = itertools.count(1)
# Days weeks away that tests fill (a provider's whole day), one each.
_days_to_fill = iter(range(20, 400, 2))


def new_email(label):
    """An address of this test's own at the SMTP peer (which accepts any)."""
    return "%s-%d-%s@example.com" % (label, next(_addresses), uuid.uuid4().hex[:6])


class Salon:
    def __init__(self, site):
        self.site = site
        self.slug = site.sql("SELECT slug FROM businesses")[0][0]
        self.location = self._id("/v1/locations", "Downtown")
        self.service = self._id("/v1/services", "Haircut")
        self.providers = {name: self._id("/v1/providers?location=" + self.location, name) for name in ("Ava", "Ben")}

    def _id(self, path, name):
        status, body = self.site.api("GET", path)
        assert status == 200, (path, status, body)
        return next(item["id"] for item in body["data"] if item["name"] == name)

    def free_starts(self, provider, day):
        """The free Haircut starts of `provider` on `day` (a date in New York), as ISO strings."""
        start = datetime.datetime.combine(day, datetime.time(0), NEW_YORK)
        query = urllib.parse.urlencode({
            "service": self.service, "location": self.location, "provider": self.providers[provider],
            "from": start.isoformat(), "to": (start + datetime.timedelta(days=1)).isoformat()})
        status, body = self.site.api("GET", "/v1/availability?" + query)
        assert status == 200, (status, body)
        return [slot["start"] for slot in body["slots"]]

    def book(self, start, email, provider="Ava", locale="en", phone=None):
        """Books a Haircut at `start`; returns the booking's JSON (with its manage_token)."""
        customer = {"name": "Ada Lovelace", "email": email, "locale": locale, "consent_email": True}
        if phone:
            customer.update(phone=phone, consent_sms=True)
        status, body = self.site.api("POST", "/v1/bookings", {
            "service": self.service, "location": self.location, "provider": self.providers[provider],
            "start": start, "customer": customer})
        assert status == 201, (status, body)
        return body

    def next_free(self, provider="Ava", days_ahead=3):
        """The first free start of `provider` on a working day at least `days_ahead` days away."""
        day = datetime.datetime.now(NEW_YORK).date() + datetime.timedelta(days=days_ahead)
        for _ in range(60):
            starts = self.free_starts(provider, day) if day.weekday() != 6 else []
            if starts:
                return starts[0]
            day += datetime.timedelta(days=1)
        raise AssertionError("no free start for %s in 60 days" % provider)

    def book_next(self, email, provider="Ava", locale="en", days_ahead=3):
        return self.book(self.next_free(provider, days_ahead), email, provider=provider, locale=locale)

    def fill_day(self, provider, day, email):
        """Books every free start of `provider` on `day`; returns the bookings."""
        booked = []
        while starts := self.free_starts(provider, day):
            booked.append(self.book(starts[0], email, provider=provider))
        return booked

    def join_waitlist(self, provider, day, email):
        """Joins the waitlist for `provider`'s whole `day` through the API; returns the entry's token."""
        start = datetime.datetime.combine(day, datetime.time(0), NEW_YORK)
        status, body = self.site.api("POST", "/v1/waitlist", {
            "service": self.service, "location": self.location, "provider": self.providers[provider],
            "wanted": [{"from": start.isoformat(), "until": (start + datetime.timedelta(days=1)).isoformat()}],
            "customer": {"name": "Dorothy Vaughan", "email": email, "locale": "en", "consent_email": True}})
        assert status == 201, (status, body)
        return body["token"]

    def working_day(self):
        """A Monday-to-Saturday date weeks away, a different one at each call (callers fill it)."""
        while True:
            day = datetime.datetime.now(NEW_YORK).date() + datetime.timedelta(days=next(_days_to_fill))
            if day.weekday() != 6:
                return day

    def offer_for_a_full_day(self):
        """A full day of Ben's, one customer waiting, a booking that day cancelled:
        the token of the offer that customer is sent (read from the email)."""
        day = self.working_day()
        bookings = self.fill_day("Ben", day, new_email("filler"))
        address = new_email("offered")
        self.join_waitlist("Ben", day, address)
        self.cancel(bookings[0])
        offer = self.site.wait_for_mail(address, 1)[-1]
        [link] = [link for link in mail_links(offer) if "/offers/" in link]
        return link.rsplit("/", 1)[1]

    def cancel(self, booking):
        status, body = self.site.api("POST", "/v1/manage/%s/cancel" % booking["manage_token"], {})
        assert status == 200, (status, body)

    @staticmethod
    def seconds_until(start):
        """Seconds from now until the ISO time `start`."""
        moment = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
        return int((moment - datetime.datetime.now(datetime.timezone.utc)).total_seconds())

    def set_clock(self, offset_seconds):
        """Moves the database clock (`booknowctl clock set`); 0 puts it back."""
        subprocess.run([self.site.repo + "/.build/debug/booknowctl", "--config", self.site.config,
                        "clock", "set", "%ds" % offset_seconds], check=True, capture_output=True)
