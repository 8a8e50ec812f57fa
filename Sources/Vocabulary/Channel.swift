/// The ways a message reaches its recipient. The raw values are the names in
/// job payloads, the `queue` of message jobs, receipts and template keys.
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case email
    case sms
}
