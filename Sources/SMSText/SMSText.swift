/// Measures SMS text the way carriers do.
///
/// Template lint and Delivery both call this one implementation, so the
/// segment count an admin is warned about is the one that is sent.
public enum SMSText {
    /// Encoding, units and segments of `text`.
    ///
    /// Segments are packed greedily, as concatenated SMS are built: a GSM-7
    /// extension character (escape plus character) and a UTF-16 surrogate
    /// pair are never split across two segments, so a long text can need one
    /// segment more than `units / 153` suggests.
    public static func measure(_ text: String) -> SMSMeasure {
        if let widths = gsm7Widths(text) {
            return measure(widths: widths, encoding: .gsm7)
        }
        let widths = text.unicodeScalars.map { $0.utf16.count }
        return measure(widths: widths, encoding: .ucs2)
    }

    /// True when every character of `text` is in the GSM-7 alphabet
    /// (basic set or extension table).
    public static func isGSM7(_ text: String) -> Bool {
        gsm7Widths(text) != nil
    }

    /// Septets per scalar, or nil when a scalar is outside GSM-7.
    private static func gsm7Widths(_ text: String) -> [Int]? {
        var widths: [Int] = []
        widths.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if GSM7Alphabet.basic.contains(scalar) {
                widths.append(1)
            } else if GSM7Alphabet.extension.contains(scalar) {
                widths.append(2)
            } else {
                return nil
            }
        }
        return widths
    }

    private static func measure(widths: [Int], encoding: SMSEncoding) -> SMSMeasure {
        let units = widths.reduce(0, +)
        if units == 0 {
            return SMSMeasure(encoding: encoding, units: 0, segments: 0)
        }
        if units <= encoding.singleSegmentUnits {
            return SMSMeasure(encoding: encoding, units: units, segments: 1)
        }
        let capacity = encoding.multipartSegmentUnits
        var segments = 1
        var used = 0
        for width in widths {
            if used + width > capacity {
                segments += 1
                used = 0
            }
            used += width
        }
        return SMSMeasure(encoding: encoding, units: units, segments: segments)
    }
}
