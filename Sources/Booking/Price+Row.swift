import Postgres
import Vocabulary

extension Price {
    /// A service's price from its two columns (`price_minor`, `price_currency`
    /// unless named otherwise), nil when both are NULL. The schema keeps them
    /// both or neither; a code this build does not know is read as it is
    /// stored, so a price set by a newer release still shows.
    init?(_ row: Row, amount: String = "price_minor", currency: String = "price_currency") throws {
        guard let minor = try row.decode(Int?.self, amount), let code = try row.decode(String?.self, currency) else { return nil }
        self.init(stored: minor, currency: code)
    }
}
