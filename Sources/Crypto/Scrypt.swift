internal import CLibCrypto

/// scrypt (RFC 7914) key derivation, computed by libcrypto: how operator
/// passwords are stored. Memory-hard, so a stolen table costs an attacker
/// memory as well as time per guess.
public enum Scrypt {
    /// The cost parameters, stored beside each hash so they can rise later
    /// without invalidating the hashes made before.
    public struct Parameters: Sendable, Equatable {
        /// CPU/memory cost, a power of two.
        public var n: UInt64
        /// Block size.
        public var r: UInt64
        /// Parallelisation.
        public var p: UInt64

        public init(n: UInt64, r: UInt64, p: UInt64) {
            self.n = n
            self.r = r
            self.p = p
        }

        /// OWASP's recommendation for scrypt: N = 2^17, r = 8, p = 1 (128 MiB, a few hundred ms).
        public static let recommended = Parameters(n: 1 << 17, r: 8, p: 1)

        /// The memory scrypt needs for these parameters, in bytes (128·N·r, plus 128·r·p).
        var memory: UInt64 { 128 * n * r + 128 * r * p }
    }

    /// A `length`-byte key derived from `password` and `salt`, through `EVP_PBE_scrypt`.
    ///
    /// Runs for as long as the parameters say (hundreds of milliseconds at the
    /// recommended cost): callers keep it off the cooperative thread pool.
    /// - Throws: `CryptoError` (`digest_failed`) when libcrypto refuses the
    ///   parameters (N not a power of two, too much memory).
    public static func derive(password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int = 32) throws(CryptoError) -> [UInt8] {
        precondition(length > 0, "scrypt key length must be positive")
        var key = [UInt8](repeating: 0, count: length)
        // maxmem: what these parameters need and a margin; libcrypto's default (32 MiB) is below the recommended cost.
        let maxmem = parameters.memory + 1 << 20
        let status = password.withUnsafeBufferPointer { password in
            salt.withUnsafeBufferPointer { salt in
                key.withUnsafeMutableBufferPointer { key in
                    clibcrypto_scrypt(password.baseAddress, password.count, salt.baseAddress, salt.count,
                                      parameters.n, parameters.r, parameters.p, maxmem, key.baseAddress, key.count)
                }
            }
        }
        guard status == 1 else {
            throw CryptoError(.digestFailed, "EVP_PBE_scrypt refused N=\(parameters.n) r=\(parameters.r) p=\(parameters.p)")
        }
        return key
    }
}
