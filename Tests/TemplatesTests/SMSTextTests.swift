import SMSText
import Testing

@Suite struct SMSTextTests {
    @Test func plainASCIIIsGSM7OneUnitPerCharacter() {
        let measure = SMSText.measure("Reminder: Haircut Monday 3:00 PM")
        #expect(measure == SMSMeasure(encoding: .gsm7, units: 32, segments: 1))
    }

    @Test func extensionCharactersCountTwo() {
        #expect(SMSText.measure("€5 [x]").units == 9)
        #expect(SMSText.measure("{}").encoding == .gsm7)
    }

    @Test func gsmAccentsStayGSM7ButOthersNeedUCS2() {
        #expect(SMSText.measure("miércoles ¿sí? ñ ü à").encoding == .ucs2)  // "í" is not in GSM-7
        #expect(SMSText.measure("miércoles ñ ü à ¿").encoding == .gsm7)
        #expect(SMSText.measure("sábado").encoding == .ucs2)
    }

    @Test func ucs2CountsUTF16CodeUnits() {
        #expect(SMSText.measure("👍").units == 2)
        #expect(SMSText.measure("á👍").units == 3)
    }

    @Test(arguments: [
        (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4),
    ])
    func gsm7SegmentBoundaries(length: Int, segments: Int) {
        #expect(SMSText.measure(String(repeating: "a", count: length)).segments == segments)
    }

    @Test(arguments: [(70, 1), (71, 2), (134, 2), (135, 3)])
    func ucs2SegmentBoundaries(length: Int, segments: Int) {
        #expect(SMSText.measure(String(repeating: "á", count: length)).segments == segments)
    }

    @Test func anExtensionCharacterIsNeverSplitAcrossSegments() {
        // 152 septets, then "€" (2): it cannot share the first 153-septet segment.
        let text = String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 10)
        #expect(SMSText.measure(text) == SMSMeasure(encoding: .gsm7, units: 164, segments: 2))
        let tight = String(repeating: "a", count: 152) + "€" + String(repeating: "a", count: 152)
        #expect(SMSText.measure(tight).units == 306)
        #expect(SMSText.measure(tight).segments == 3)
    }

    @Test func emptyTextIsNoSegments() {
        #expect(SMSText.measure("").segments == 0)
    }

    @Test func crlfCountsAsTwoCharacters() {
        #expect(SMSText.measure("a\r\nb").units == 4)
    }
}
