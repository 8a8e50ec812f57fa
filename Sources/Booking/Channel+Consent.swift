import Postgres
import Vocabulary

extension Channel {
    /// The channels a customer may be told on: those they gave an address for and consented to.
    static func consented(email: Bool, sms: Bool) -> [Channel] {
        (email ? [.email] : []) + (sms ? [.sms] : [])
    }

    /// The same from a row's `by_email` and `by_sms` (`WaitlistOffers.selectChannels`, the lock queries).
    static func consented(_ row: Row) throws -> [Channel] {
        consented(email: try row.decode(Bool.self, "by_email"), sms: try row.decode(Bool.self, "by_sms"))
    }
}
