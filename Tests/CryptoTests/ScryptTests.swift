import Crypto
import Testing

/// scrypt through libcrypto against RFC 7914's test vectors.
@Suite struct ScryptTests {
    @Test func scryptMatchesRFC7914() throws {
        let key = try Scrypt.derive(password: Array("password".utf8), salt: Array("NaCl".utf8),
                                    parameters: .init(n: 1024, r: 8, p: 16), length: 64)
        #expect(Hex.encode(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func scryptRefusesACostThatIsNotAPowerOfTwo() {
        #expect(throws: CryptoError.self) {
            try Scrypt.derive(password: [1], salt: Array(repeating: 0, count: 16), parameters: .init(n: 1000, r: 8, p: 1))
        }
    }
}
