/// The character encoding an SMS travels in.
///
/// Providers pick GSM-7 when every character is in the GSM 03.38 alphabet and
/// fall back to UCS-2 otherwise; the choice decides how many characters fit in
/// one segment, so it decides what a message costs.
public enum SMSEncoding: String, Sendable, Hashable {
    /// GSM 03.38 7-bit default alphabet plus its extension table.
    case gsm7 = "GSM-7"
    /// UCS-2 (in practice UTF-16): any text, fewer characters per segment.
    case ucs2 = "UCS-2"

    /// Units that fit in a message sent as a single segment.
    public var singleSegmentUnits: Int {
        switch self {
        case .gsm7: 160
        case .ucs2: 70
        }
    }

    /// Units that fit in each part of a concatenated message; the rest of
    /// the 140 bytes carries the user data header that joins the parts.
    public var multipartSegmentUnits: Int {
        switch self {
        case .gsm7: 153
        case .ucs2: 67
        }
    }
}
