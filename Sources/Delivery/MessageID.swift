/// A stable RFC 5322 Message-ID derived from the job that sends the message.
///
/// Delivery is at-least-once: if a crash repeats a send, both copies carry the
/// same Message-ID, so receiving systems and people can recognise the duplicate.
/// The job id and domain are restricted to characters that are safe in a
/// header, so the id can never carry CR/LF or angle brackets.
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// The id without angle brackets: `booknow.<jobID>@<domain>`.
    public let value: String

    public init(jobID: String, domain: String) throws(DeliveryError) {
        let safe = jobID.utf8.allSatisfy { EmailAddress.isAlphanumeric($0) || "-._".utf8.contains($0) }
        guard !jobID.isEmpty, jobID.utf8.count <= 128, safe else {
            throw DeliveryError(code: "delivery.identifier", message: "job id has unsafe characters", field: "jobID")
        }
        guard EmailAddress.isValid("x@\(domain)") else {
            throw DeliveryError(code: "delivery.identifier", message: "not a valid domain", field: "domain")
        }
        value = "booknow.\(jobID)@\(domain)"
    }

    /// The header form, `<value>`.
    public var description: String { "<\(value)>" }
}
