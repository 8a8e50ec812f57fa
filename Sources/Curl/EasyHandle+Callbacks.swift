import CCurl

// libcurl calls these on the thread running the transfer. They are free
// functions (not closures) so no actor isolation is captured, and they reach
// their EasyHandle through the `Unmanaged` context set in `installCallbacks`.

/// `CURLOPT_WRITEFUNCTION`: appends response body bytes.
func curlWriteCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                       _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let handle = Unmanaged<EasyHandle>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        handle.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

/// `CURLOPT_HEADERFUNCTION`: one HTTP header line, or one SMTP server reply line.
func curlHeaderCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                        _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let handle = Unmanaged<EasyHandle>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        var end = length
        while end > 0, bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: end), as: UTF8.self)
    }
    handle.headerLines.append(line)
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
