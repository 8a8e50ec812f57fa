import CCurl

// libcurl calls these on the thread running the transfer. They are free
// functions (not closures) so no actor isolation is captured, and they reach
// their EasyHandle through the `Unmanaged` context set in `installCallbacks`.

/// `CURLOPT_WRITEFUNCTION`: appends response body bytes.
func curlWriteCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                       _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let length = size * count
    Unmanaged<EasyHandle>.fromOpaque(context).takeUnretainedValue().body.append(contentsOf: bytes(data, length))
    return length
}

/// `CURLOPT_HEADERFUNCTION`: one HTTP header line, or one SMTP server reply line.
func curlHeaderCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                        _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let length = size * count
    Unmanaged<EasyHandle>.fromOpaque(context).takeUnretainedValue().headerBytes.append(contentsOf: bytes(data, length))
    return length
}

/// What libcurl delivered, as bytes. (Each callback names its buffer itself: a key path to it cost
/// more than the append, on the HTTP client's loop thread.)
private func bytes(_ data: UnsafeMutablePointer<CChar>, _ length: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
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
