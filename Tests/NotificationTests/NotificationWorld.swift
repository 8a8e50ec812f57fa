@_exported import APITestSupport

// The notification world lives in APITestSupport, shared with the waitlist
// suite. `@_exported`: the suites' files use its members without importing
// its module each.
