/// A mailbox: a validated ASCII address and an optional display name.
///
/// Validation is the injection defence for SMTP envelopes and address headers:
/// Debian's libcurl 7.88 sends CR/LF inside `MAIL FROM`/`RCPT TO` unchanged, so an
/// address reaches curl only if it is a plain `dot-atom@domain` (RFC 5321's
/// common form, no quoted local parts, no comments, no spaces or controls).
/// The display name may hold anything; it is sanitised and encoded when rendered.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let name: String?

    /// Validates `address`; throws `delivery.address` naming `field` if it is not a plain mailbox.
    public init(_ address: String, name: String? = nil, field: String = "address") throws(DeliveryError) {
        guard Self.isValid(address) else {
            throw DeliveryError(code: "delivery.address", message: "not a valid email address", field: field)
        }
        self.address = address
        self.name = name
    }

    public var description: String { address }

    /// The domain after the `@`, used to scope Message-IDs and calendar UIDs.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    static func isValid(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), !domain.isEmpty else { return false }
        return isDotAtom(local, allowed: isAtext) && isDotAtom(domain, allowed: isDomainCharacter)
            && domain.split(separator: UInt8(ascii: ".")).allSatisfy {
                $0.count <= 63 && $0.first != UInt8(ascii: "-") && $0.last != UInt8(ascii: "-")
            }
    }

    /// Non-empty atoms separated by single dots, every byte allowed.
    private static func isDotAtom(_ bytes: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        let atoms = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed) }
    }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static func isAtext(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
    }

    private static func isDomainCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-")
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
