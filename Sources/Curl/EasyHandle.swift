import CCurl

/// The one Swift owner of a libcurl easy handle (`curl_easy_init` / `curl_easy_cleanup`).
///
/// It is also the context of its own callbacks: the write, header and read
/// functions receive `Unmanaged.passUnretained(self)`, which stays valid because
/// the handle that calls them is freed in this object's `deinit`. An easy handle
/// keeps its connection cache between transfers, which is how one sender thread
/// keeps one SMTP connection open across messages. Not thread-safe: one thread
/// (a sender, or the multi loop) uses it at a time.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    /// The response body collected by `curlWriteCallback`.
    var body: [UInt8] = []
    /// Response header lines (HTTP) or server reply lines (SMTP) as received, collected by `curlHeaderCallback`.
    var headerBytes: [UInt8] = []
    /// The bytes `curlReadCallback` uploads, and how far it got.
    var upload: [UInt8] = []
    var uploadOffset = 0
    /// Lists handed to libcurl must outlive the transfer; they are freed on reset and in deinit.
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    /// `CURLOPT_ERRORBUFFER` target: libcurl writes a detailed message here on failure.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init() throws(CurlError) {
        try CurlGlobal.ensure()
        guard let raw = curl_easy_init() else {
            throw CurlError(code: "curl.init", message: "curl_easy_init returned NULL")
        }
        self.raw = raw
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try installCallbacks()
    }

    deinit {
        curl_easy_cleanup(raw)
        lists.forEach { curl_slist_free_all($0) }
        errorBuffer.deallocate()
    }

    /// Sets the callbacks and the options every transfer needs (`curl_easy_setopt`).
    private func installCallbacks() throws(CurlError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_setopt_write_function(raw, curlWriteCallback))
        try check(ccurl_setopt_pointer(raw, CURLOPT_WRITEDATA, context))
        try check(ccurl_setopt_header_function(raw, curlHeaderCallback))
        try check(ccurl_setopt_pointer(raw, CURLOPT_HEADERDATA, context))
        try check(ccurl_setopt_read_function(raw, curlReadCallback))
        try check(ccurl_setopt_pointer(raw, CURLOPT_READDATA, context))
        try check(ccurl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer))
        // Signals and multi-threading do not mix: timeouts must not use SIGALRM.
        try set(CURLOPT_NOSIGNAL, 1)
    }

    /// Clears the per-transfer state, keeping the handle's options and its connection.
    func prepareTransfer(upload bytes: [UInt8] = []) {
        body.removeAll(keepingCapacity: true)
        headerBytes.removeAll(keepingCapacity: true)
        upload = bytes
        uploadOffset = 0
        errorBuffer[0] = 0
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlError) {
        try check(ccurl_setopt_long(raw, option, value))
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlError) {
        try check(ccurl_setopt_string(raw, option, value))
    }

    /// Sets a pointer option; nil clears a string option a previous request set.
    func setPointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(CurlError) {
        try check(ccurl_setopt_pointer(raw, option, value))
    }

    /// Sets a string list option (`curl_slist_append`); the list lives until the next `releaseLists`.
    func set(_ option: CURLoption, list values: [String]) throws(CurlError) {
        try set(option, lines: values.count) { list, index in values[index].withCString { curl_slist_append(list, $0) } }
    }

    /// Sets `CURLOPT_HTTPHEADER` to a "Name: value" line per field, then `extra`. Each line is
    /// written into a stack buffer for `curl_slist_append` to copy: building each line as a Swift
    /// string and converting it again was most of what headers cost on the HTTP client's loop thread.
    func setHeaders(_ fields: [(name: String, value: String)], then extra: StaticString) throws(CurlError) {
        try set(CURLOPT_HTTPHEADER, lines: fields.count + 1) { list, index in
            guard index < fields.count else { return extra.withUTF8Buffer { Self.appending(to: list, $0, nil) } }
            var name = fields[index].name, value = fields[index].value
            return name.withUTF8 { name in value.withUTF8 { value in Self.appending(to: list, name, value) } }
        }
    }

    /// `curl_slist_append` of "name: value", or of `name` alone when `value` is nil, NUL-terminated in a stack buffer.
    private static func appending(to list: UnsafeMutablePointer<curl_slist>?, _ name: UnsafeBufferPointer<UInt8>,
                                  _ value: UnsafeBufferPointer<UInt8>?) -> UnsafeMutablePointer<curl_slist>? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + (value.map { $0.count + 2 } ?? 0) + 1) { line in
            var at = 0
            func put(_ byte: UInt8) {
                line[at] = byte
                at += 1
            }
            name.forEach(put)
            if let value {
                put(UInt8(ascii: ":"))
                put(UInt8(ascii: " "))
                value.forEach(put)
            }
            put(0)
            return line.baseAddress!.withMemoryRebound(to: CChar.self, capacity: at) { curl_slist_append(list, $0) }
        }
    }

    /// Builds a list of `count` lines, `append` adding line `index` to the list so far; sets it as `option`.
    private func set(_ option: CURLoption, lines count: Int,
                     _ append: (UnsafeMutablePointer<curl_slist>?, Int) -> UnsafeMutablePointer<curl_slist>?) throws(CurlError) {
        var list: UnsafeMutablePointer<curl_slist>?
        for index in 0..<count {
            guard let next = append(list, index) else {
                if let list { curl_slist_free_all(list) }
                throw CurlError(code: "curl.option", message: "curl_slist_append failed")
            }
            list = next
        }
        if let list { lists.append(list) }
        try check(ccurl_setopt_slist(raw, option, list))
    }

    /// Frees the lists of the previous transfer; call after the transfer using them has finished.
    func releaseLists() {
        lists.forEach { curl_slist_free_all($0) }
        lists.removeAll()
    }

    /// The header or reply lines received, without their line ends.
    var headerLines: [String] {
        headerBytes.split(separator: 10).map { String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self) }
    }

    /// The last reply code the peer sent (`CURLINFO_RESPONSE_CODE`).
    var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// The detail libcurl left in the error buffer, or its generic text for `code`.
    func errorMessage(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    /// Runs one transfer on the calling thread (`curl_easy_perform`): blocks, so never on the cooperative pool.
    func perform() -> CURLcode {
        curl_easy_perform(raw)
    }

    private func check(_ code: CURLcode) throws(CurlError) {
        guard code == CURLE_OK else {
            throw CurlError(code: "curl.option", message: String(cString: curl_easy_strerror(code)),
                            curlCode: Int(code.rawValue))
        }
    }
}

extension EasyHandle {
    /// Sets the request body with `CURLOPT_COPYPOSTFIELDS`, which copies the bytes
    /// at once, so the Swift buffer need not outlive this call.
    func copyPostFields(_ body: [UInt8]) throws(CurlError) {
        try set(CURLOPT_POSTFIELDSIZE_LARGE, body.count)
        let code = body.withUnsafeBytes { bytes in
            ccurl_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        }
        guard code == CURLE_OK else {
            throw CurlError(code: "curl.option", message: String(cString: curl_easy_strerror(code)),
                            curlCode: Int(code.rawValue))
        }
    }
}
