import Crypto
import Testing

/// Known-answer tests from FIPS 180-4 examples, RFC 4231 and RFC 2202.
@Suite struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesNISTVectors(message: String, expected: String) {
        #expect(SHA256.hexHash(message.utf8) == expected)
        #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == expected)
    }

    @Test func sha256OfOneMillionAsMatchesNIST() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexHash(message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha256AcceptsNonContiguousCollections() {
        let reversed = "cba".utf8.reversed()
        #expect(SHA256.hexHash(reversed) == SHA256.hexHash("abc".utf8))
    }

    @Test(arguments: RFCVector.hmacSHA256)
    func hmacSHA256MatchesRFC4231(vector: RFCVector) {
        #expect(Hex.encode(HMAC.sha256(key: vector.key, message: vector.message)) == vector.expected)
    }

    @Test(arguments: RFCVector.hmacSHA1)
    func hmacSHA1MatchesRFC2202(vector: RFCVector) {
        #expect(Hex.encode(HMAC.sha1(key: vector.key, message: vector.message)) == vector.expected)
    }
}

/// One keyed known-answer vector.
struct RFCVector: Sendable, CustomTestStringConvertible {
    let name: String
    let key: [UInt8]
    let message: [UInt8]
    let expected: String

    var testDescription: String { name }

    init(_ name: String, key: [UInt8], message: [UInt8], expected: String) {
        self.name = name
        self.key = key
        self.message = message
        self.expected = expected
    }

    static let hiThere = Array("Hi There".utf8)
    static let jefe = Array("Jefe".utf8)
    static let nothing = Array("what do ya want for nothing?".utf8)
    static let largeKeyMessage = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
    static let largeKeyAndData = Array(("This is a test using a larger than block-size key and a larger than block-size data. "
        + "The key needs to be hashed before being used by the HMAC algorithm.").utf8)

    static let hmacSHA256: [RFCVector] = [
        RFCVector("4231 case 1", key: [UInt8](repeating: 0x0b, count: 20), message: hiThere,
                  expected: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        RFCVector("4231 case 2", key: jefe, message: nothing,
                  expected: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        RFCVector("4231 case 3", key: [UInt8](repeating: 0xaa, count: 20), message: [UInt8](repeating: 0xdd, count: 50),
                  expected: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        RFCVector("4231 case 6", key: [UInt8](repeating: 0xaa, count: 131), message: largeKeyMessage,
                  expected: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        RFCVector("4231 case 7", key: [UInt8](repeating: 0xaa, count: 131), message: largeKeyAndData,
                  expected: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    static let hmacSHA1: [RFCVector] = [
        RFCVector("2202 case 1", key: [UInt8](repeating: 0x0b, count: 20), message: hiThere,
                  expected: "b617318655057264e28bc0b6fb378c8ef146be00"),
        RFCVector("2202 case 2", key: jefe, message: nothing,
                  expected: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        RFCVector("2202 case 3", key: [UInt8](repeating: 0xaa, count: 20), message: [UInt8](repeating: 0xdd, count: 50),
                  expected: "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        RFCVector("2202 case 6", key: [UInt8](repeating: 0xaa, count: 80), message: largeKeyMessage,
                  expected: "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
    ]
}
