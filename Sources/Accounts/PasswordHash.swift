public import Crypto
import Foundation

/// A password as the `operators` row stores it: scrypt's 32-byte output, the
/// random salt, and the cost parameters used, so a later rise in cost leaves
/// older rows verifiable.
public struct PasswordHash: Sendable, Equatable {
    public var hash: [UInt8]
    public var salt: [UInt8]
    public var parameters: Scrypt.Parameters

    /// Hashes `password` with a fresh 16-byte salt.
    public static func make(_ password: String, parameters: Scrypt.Parameters) throws -> PasswordHash {
        let salt = try SecureRandom.bytes(count: 16)
        return PasswordHash(hash: try Scrypt.derive(password: Array(password.utf8), salt: salt, parameters: parameters),
                            salt: salt, parameters: parameters)
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public func verifies(_ password: String) throws -> Bool {
        let candidate = try Scrypt.derive(password: Array(password.utf8), salt: salt, parameters: parameters, length: hash.count)
        return ConstantTime.equals(candidate, hash)
    }
}
