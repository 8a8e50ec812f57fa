public import Booking

/// Fixed secrets for tests: never used outside a test run.
public enum TestKeys {
    /// The link key test daemons and stores derive manage tokens from.
    public static let linkKey = "test-link-key-0123456789abcdef"
    public static let manageTokens = ManageToken(key: Array(linkKey.utf8))
}
