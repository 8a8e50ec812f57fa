/// A phone number in E.164 form (`+` then 2 to 15 digits, no leading zero).
///
/// Anything else — spaces, letters, CR/LF — is rejected before it can reach a
/// provider request, where it would otherwise land in a form field or JSON.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    public let e164: String

    public init(_ text: String, field: String = "to") throws(DeliveryError) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0"),
              bytes.dropFirst().allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw DeliveryError(code: "delivery.phone", message: "not an E.164 phone number", field: field)
        }
        e164 = text
    }

    public var description: String { e164 }
}
