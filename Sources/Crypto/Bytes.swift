/// Lends any byte collection to C as one contiguous buffer.
///
/// `String.UTF8View`, `[UInt8]`, `Data` and slices all reach libcrypto through
/// this one path; collections without contiguous storage are copied once.
func withContiguousBytes<Bytes: Collection, Result>(
    _ bytes: Bytes,
    _ body: (UnsafeRawBufferPointer) throws -> Result
) rethrows -> Result where Bytes.Element == UInt8 {
    if let result = try bytes.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return try Array(bytes).withUnsafeBytes(body)
}
