internal import CLibCrypto

/// Comparison whose duration does not depend on where two secrets differ.
///
/// A byte-by-byte `==` returns at the first difference, which lets an attacker
/// guess a signature or token one byte at a time by timing the answer.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes, through `CRYPTO_memcmp`.
    ///
    /// Lengths are compared first and in the clear: signatures and token
    /// hashes have public, fixed lengths, so a length mismatch reveals nothing.
    public static func equals<A: Collection, B: Collection>(
        _ lhs: A, _ rhs: B
    ) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return withContiguousBytes(lhs) { left in
            withContiguousBytes(rhs) { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
