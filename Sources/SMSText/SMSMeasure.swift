/// What an SMS body costs: its encoding, its length in encoding units and
/// the number of segments a provider will bill.
public struct SMSMeasure: Sendable, Hashable, CustomStringConvertible {
    /// GSM-7 when every character fits the GSM alphabet, else UCS-2.
    public let encoding: SMSEncoding
    /// Septets for GSM-7 (extension characters count 2), UTF-16 code units
    /// for UCS-2.
    public let units: Int
    /// Segments billed; 0 for an empty text.
    public let segments: Int

    public init(encoding: SMSEncoding, units: Int, segments: Int) {
        self.encoding = encoding
        self.units = units
        self.segments = segments
    }

    public var description: String {
        "\(encoding.rawValue), \(units) units, \(segments) segment\(segments == 1 ? "" : "s")"
    }
}
