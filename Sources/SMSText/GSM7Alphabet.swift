/// The GSM 03.38 default alphabet and its extension table.
///
/// Listed as characters rather than code points so a reader can check them
/// against the standard's table at a glance.
enum GSM7Alphabet {
    /// One septet each. The escape code (0x1B) is not a character and is
    /// left out.
    static let basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars
    )

    /// Two septets each: the escape code, then the character.
    static let `extension`: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)
}
