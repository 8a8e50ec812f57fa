import Crypto
import Testing

@Suite struct RandomAndComparisonTests {
    @Test func randomBytesHaveTheRequestedLengthAndDiffer() throws {
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test func base64URLTokensCarry128BitsWithoutPaddingOrUnsafeCharacters() throws {
        let token = try SecureRandom.token()
        #expect(token.count == 22)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        #expect(token.allSatisfy { allowed.contains($0) })
        #expect(try SecureRandom.token() != token)
    }

    @Test func hexTokensSpellEveryByteAsTwoDigits() throws {
        let token = try SecureRandom.token(byteCount: 32, encoding: .hex)
        #expect(token.count == 64)
        #expect(token.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func base64URLMatchesRFC4648Vectors(input: String, expected: String) {
        #expect(Base64URL.encode(Array(input.utf8)) == expected)
    }

    @Test func base64URLUsesTheURLSafeAlphabet() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
    }

    @Test func constantTimeComparisonAgreesWithEquality() {
        let mac = HMAC.sha256(key: Array("k".utf8), message: Array("m".utf8))
        var tampered = mac
        tampered[31] ^= 1
        #expect(ConstantTime.equals(mac, mac))
        #expect(!ConstantTime.equals(mac, tampered))
        #expect(!ConstantTime.equals(mac, mac.prefix(16)))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals("token".utf8, Array("token".utf8)))
    }
}
