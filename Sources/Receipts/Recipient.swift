import Foundation
import Delivery
public import Vocabulary

/// Recipients in the one spelling `suppressions.recipient` stores.
///
/// A suppression only works if the check before a send and the entry made by a
/// bounce spell the address the same way: e-mail addresses are validated and
/// lower-cased, phone numbers must already be E.164 (providers report them so).
public enum Recipient {
    /// The normalised form of `text` on `channel`.
    ///
    /// - Throws: `receipts.recipient` when `text` is not a plain mailbox or an
    ///   E.164 number; the message does not repeat the input.
    public static func normalise(_ text: String, channel: Channel) throws(ReceiptsError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        do {
            switch channel {
            case .email: return try EmailAddress(trimmed.lowercased(), field: "recipient").address
            case .sms: return try PhoneNumber(trimmed, field: "recipient").e164
            }
        } catch {
            throw ReceiptsError(code: "receipts.recipient", message: "not a valid \(channel.rawValue) recipient",
                                field: "recipient")
        }
    }
}
