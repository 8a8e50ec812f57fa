import CCurl

/// The one Swift owner of a libcurl easy handle (`curl_easy_init` / `curl_easy_cleanup`).
///
/// It is also the context of its own callbacks: the write, header and read
/// functions receive `Unmanaged.passUnretained(self)`, which stays valid because
/// the handle that calls them is freed in this object's `deinit`. An easy handle
/// keeps its connection cache between transfers, which is how one sender thread
/// keeps one SMTP connection open across messages. Not thread-safe: one thread
/// (a sender, or the multi loop) uses it at a time. That one-owner rule is also why the buffers
/// libcurl's callbacks fill skip Swift's run-time exclusivity checks (`@exclusivity(unchecked)`): an
/// HTTP answer of seven header lines made eight checks, about 1% of an SMS's instructions.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    /// The response body collected by `curlWriteCallback`.
    @exclusivity(unchecked) var body: [UInt8] = []
    /// Response header lines (HTTP) or server reply lines (SMTP) as received, collected by `curlHeaderCallback`.
    @exclusivity(unchecked) var headerBytes: [UInt8] = []
    /// The bytes `curlReadCallback` uploads, and how far it got.
    @exclusivity(unchecked) var upload: [UInt8] = []
    @exclusivity(unchecked) var uploadOffset = 0
    /// The options `MultiLoop.configure` last set on this handle; nil before the first request, or when a
    /// setting failed half-way (then everything is set again).
    var lastOptions: RequestOptions?
    /// The string lists set on this handle (`CURLOPT_HTTPHEADER`, `CURLOPT_MAIL_RCPT`), one per option, each
    /// kept and reused by the next setting of its option: libcurl reads a list during the transfer, so it
    /// must outlive it, and it never changes or frees one.
    @exclusivity(unchecked) private var lists: [(option: CURLoption, list: OwnedList)] = []
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
        lists.forEach { $0.list.deallocate() }
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

    /// Sets a string list option, one line per value.
    func set(_ option: CURLoption, list values: [String]) throws(CurlError) {
        try setList(option, bytes: values.reduce(0) { $0 + $1.utf8.count + 1 }, lines: values.count) { list in
            for var value in values { value.withUTF8 { list.append($0, nil) } }
        }
    }

    /// Sets `CURLOPT_HTTPHEADER` to a "Name: value" line per field, then `extra`.
    func setHeaders(_ fields: [(name: String, value: String)], then extra: StaticString) throws(CurlError) {
        var bytes = extra.utf8CodeUnitCount + 1
        for field in fields { bytes += field.name.utf8.count + 2 + field.value.utf8.count + 1 }
        try setList(CURLOPT_HTTPHEADER, bytes: bytes, lines: fields.count + 1) { list in
            for field in fields {
                var name = field.name, value = field.value
                name.withUTF8 { name in value.withUTF8 { value in list.append(name, value) } }
            }
            extra.withUTF8Buffer { list.append($0, nil) }
        }
    }

    /// Refills `option`'s list (`lines` lines of `bytes` bytes, their NULs included) and sets it. The
    /// handle's own buffer and nodes are reused: built with `curl_slist_append`, a list cost a `malloc` for
    /// each node and each line and their `free`s, per request, on the HTTP client's one loop thread.
    private func setList(_ option: CURLoption, bytes: Int, lines: Int, _ fill: (inout OwnedList) -> Void) throws(CurlError) {
        let index: Int
        if let found = lists.firstIndex(where: { $0.option == option }) {
            index = found
        } else {
            lists.append((option, OwnedList()))
            index = lists.count - 1
        }
        lists[index].list.removeAll(reservingBytes: bytes, lines: lines)
        fill(&lists[index].list)
        try check(ccurl_setopt_slist(raw, option, lists[index].list.head))
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

/// A `curl_slist` whose nodes and text its owner allocates and reuses: one buffer of NUL-terminated lines
/// and one array of nodes, grown when a list needs more and otherwise kept from one list to the next.
/// libcurl only reads a list handed to it (it never changes or frees one), so this is as valid to it as
/// one built with `curl_slist_append`. Not thread-safe: owned by one `EasyHandle`. An empty list's head is
/// nil, which clears the option.
struct OwnedList {
    private var text = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private var nodes = UnsafeMutableBufferPointer<curl_slist>(start: nil, count: 0)
    private var used = 0
    private var count = 0

    /// The first node, or nil for an empty list.
    var head: UnsafeMutablePointer<curl_slist>? { count > 0 ? nodes.baseAddress : nil }

    /// Empties the list with room for `lines` lines of `bytes` bytes in all, their NULs included. The list
    /// handed out before must no longer be in use.
    mutating func removeAll(reservingBytes bytes: Int, lines: Int) {
        used = 0
        count = 0
        if text.count < bytes {
            text.deallocate()
            text = .allocate(capacity: max(bytes, 2 * text.count))
        }
        if nodes.count < lines {
            nodes.deallocate()
            nodes = .allocate(capacity: max(lines, 2 * nodes.count))
        }
    }

    /// Appends the line "name: value", or `name` alone when `value` is nil, within the room reserved.
    mutating func append(_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>?) {
        let start = used
        put(name)
        if let value {
            put(UInt8(ascii: ":"))
            put(UInt8(ascii: " "))
            put(value)
        }
        put(0)
        precondition(count < nodes.count, "OwnedList: more lines than reserved")
        // libcurl reads the line as `char`: Int8 and UInt8 may alias.
        let line = UnsafeMutableRawPointer(text.baseAddress! + start).assumingMemoryBound(to: CChar.self)
        nodes.initializeElement(at: count, to: curl_slist(data: line, next: nil))
        if count > 0 { nodes[count - 1].next = nodes.baseAddress! + count }
        count += 1
    }

    private mutating func put(_ byte: UInt8) {
        precondition(used < text.count, "OwnedList: more text than reserved")
        text.initializeElement(at: used, to: byte)
        used += 1
    }

    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(used + bytes.count <= text.count, "OwnedList: more text than reserved")
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        (text.baseAddress! + used).initialize(from: base, count: bytes.count)
        used += bytes.count
    }

    func deallocate() {
        text.deallocate()
        nodes.deallocate()
    }
}
