import SMSText

/// Lets template tests name the encoding without importing SMSText everywhere.
enum SMSTextMeasureAdapter {
    static func encoding(_ text: String) -> String {
        SMSText.measure(text).encoding.rawValue
    }
}
