"""Waitlist offers for booking_race.py, made the way customers get them.

Before a round, bait bookings take some of the round's overlapping slots, as
many customers join the waitlist for that morning (anyone, e-mail consent),
and the baits are cancelled through their manage links: each cancel's
slot_released job has a daemon's worker hold the freed time for the oldest
waiting customer and e-mail them the offer. The accept tokens are read from
the links in those e-mails, as smtp_peer.py spooled them, so the round can
fire POST /v1/offers/{token}/accept with its bookings and reschedules."""
import base64, datetime as dt, email, email.policy, json, os, re, time

# The accept link is PUBLIC_BASE_URL/offers/TOKEN; tokens are 32 bytes in base64url.
ACCEPT_LINK = re.compile(r"/offers/([A-Za-z0-9_-]{43})")
MAX_OFFERS = 4  # two held times for each of Ava and Ben still leave a start between them free


class Spool:
    """The accept tokens in offer e-mails, by recipient, from smtp_peer.py's spool folders."""

    def __init__(self, folders):
        self.folders, self.read, self.tokens = folders, set(), {}

    def scan(self):
        # smtp_peer.py renames a message into place once written, so every .json file is whole.
        for folder in self.folders:
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                if not name.endswith(".json") or path in self.read:
                    continue
                self.read.add(path)
                with open(path) as f:
                    record = json.load(f)
                token = self.accept_token(record["data"])
                if token:
                    for recipient in record["rcpt_tos"]:
                        self.tokens[recipient.lower()] = token

    @staticmethod
    def accept_token(data):
        message = email.message_from_bytes(base64.b64decode(data), policy=email.policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found = ACCEPT_LINK.search(part.get_content())
                if found:
                    return found.group(1)
        return None

    def wait_for(self, recipients, seconds):
        """The tokens sent to recipients, waiting up to seconds for all of them (polled every 0.2 s)."""
        deadline = time.monotonic() + seconds
        while True:
            self.scan()
            found = [self.tokens[r] for r in recipients if r in self.tokens]
            if len(found) == len(recipients) or time.monotonic() >= deadline:
                return found
            time.sleep(0.2)


def bait_plan(starts, ava, ben, count):
    """(provider, start) of each bait: the first and seventh of the round's starts, Ava's and Ben's."""
    late = starts[min(6, len(starts) - 1)]
    return [(ava, starts[0]), (ben, late), (ben, starts[0]), (ava, late)][:count]


def make_offers(call, ids, spool, round_number, starts, count, wait_seconds, other):
    """Books count baits in the round's window, has count customers join the waitlist
    for that morning, cancels the baits, and returns the offer tokens mailed to them.
    A refused step is counted in other under its name and status."""
    def refused(step, status):
        other[step + " " + str(status)] = other.get(step + " " + str(status), 0) + 1

    baits = []
    for k, (provider, start) in enumerate(bait_plan(starts, ids["ava"], ids["ben"], count)):
        status, answer = call("POST", "/v1/bookings", {
            "service": ids["service"], "location": ids["location"], "provider": provider, "start": start,
            "customer": {"name": "Bait %d-%d" % (round_number, k), "email": "bait%d-%d@race.test" % (round_number, k)}})
        if status == 201:
            baits.append(answer["manage_token"])
        else:
            refused("bait booking", status)
    until = dt.datetime.fromisoformat(starts[-1].replace("Z", "+00:00")) + dt.timedelta(hours=1)
    wanted = [{"from": starts[0], "until": until.strftime("%Y-%m-%dT%H:%M:%SZ")}]
    waiters = []
    for k in range(len(baits)):
        address = "waiter%d-%d@race.test" % (round_number, k)
        status, _ = call("POST", "/v1/waitlist", {
            "service": ids["service"], "location": ids["location"], "provider": "any", "wanted": wanted,
            "customer": {"name": "Waiter %d-%d" % (round_number, k), "email": address, "consent_email": True}})
        if status == 201:
            waiters.append(address)
        else:
            refused("waitlist join", status)
    for token in baits:
        status, _ = call("POST", "/v1/manage/%s/cancel" % token, {})
        if status != 200:
            refused("bait cancel", status)
    return spool.wait_for(waiters, wait_seconds) if waiters else []
