import CCurl

// libcurl calls these on the thread running the transfer. They are free
// functions (not closures) so no actor isolation is captured, and they reach
// their EasyHandle through the `Unmanaged` context set in `installCallbacks`.

/// `CURLOPT_WRITEFUNCTION`: appends response body bytes.
func curlWriteCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                       _ context: UnsafeMutableRawPointer?) -> Int {
    append(data, size * count, context, to: \.body)
}

/// `CURLOPT_HEADERFUNCTION`: one HTTP header line, or one SMTP server reply line.
func curlHeaderCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                        _ context: UnsafeMutableRawPointer?) -> Int {
    append(data, size * count, context, to: \.headerBytes)
}

/// Appends what libcurl delivered to one of the handle's buffers; returns the count consumed.
private func append(_ data: UnsafeMutablePointer<CChar>?, _ length: Int, _ context: UnsafeMutableRawPointer?,
                    to buffer: ReferenceWritableKeyPath<EasyHandle, [UInt8]>) -> Int {
    guard let data, let context else { return 0 }
    let handle = Unmanaged<EasyHandle>.fromOpaque(context).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        handle[keyPath: buffer].append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

/// `CURLOPT_READFUNCTION`: feeds the upload (an SMTP message) in chunks; 0 ends it.
func curlReadCallback(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                      _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let handle = Unmanaged<EasyHandle>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, handle.upload.count - handle.uploadOffset)
    guard length > 0 else { return 0 }
    handle.upload.withUnsafeBytes { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + handle.uploadOffset, byteCount: length)
    }
    handle.uploadOffset += length
    return length
}
