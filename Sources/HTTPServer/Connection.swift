internal import CMicroHTTPD

/// A borrowed `struct MHD_Connection *`: libmicrohttpd owns it, and it is
/// valid only during the callback that received it, so this wrapper is
/// never stored.
struct Connection {
    let handle: OpaquePointer

    /// Header fields, in arrival order, through `MHD_get_connection_values_n`.
    var headers: Headers {
        var headers = Headers()
        for (name, value) in values(.HEADER_KIND) { headers.add(name, value) }
        return headers
    }

    /// Decoded query parameters, through `MHD_get_connection_values_n`.
    var query: QueryParameters {
        var query = QueryParameters()
        for (name, value) in values(.GET_ARGUMENT_KIND) { query.add(name, value) }
        return query
    }

    /// The peer's address as text (`127.0.0.1`, `::1`), through
    /// `MHD_get_connection_info(MHD_CONNECTION_INFO_CLIENT_ADDRESS)`; empty when unknown.
    var clientAddress: String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            cmhd_client_address(handle, buffer.baseAddress, 64)
            return String(cString: buffer.baseAddress!)
        }
    }

    /// The declared `Content-Length`, through `MHD_lookup_connection_value`.
    var declaredContentLength: UInt64? {
        MHD_lookup_connection_value(handle, .HEADER_KIND, "Content-Length")
            .flatMap { UInt64(String(cString: $0)) }
    }

    private func values(_ kind: MHD_ValueKind) -> [(String, String)] {
        let sink = FieldSink()
        withExtendedLifetime(sink) {
            _ = MHD_get_connection_values_n(handle, kind, collectField, Unmanaged.passUnretained(sink).toOpaque())
        }
        return sink.pairs
    }

    /// Hands `response` to libmicrohttpd (`MHD_create_response_from_buffer`
    /// copying the body, `MHD_add_response_header`, `MHD_queue_response`).
    ///
    /// `closing` adds `Connection: close`, so keep-alive clients move on while
    /// the server stops. `Content-Length` is left to libmicrohttpd.
    func queue(_ response: Response, closing: Bool) throws(HTTPServerError) {
        guard (100...999).contains(response.status) else {
            throw HTTPServerError(.responseFailed, "status \(response.status) is not a three-digit HTTP status")
        }
        let created = response.body.withUnsafeBytes { cmhd_response_copying($0.count, $0.baseAddress) }
        guard let mhdResponse = created else {
            throw HTTPServerError(.responseFailed, "MHD_create_response_from_buffer failed")
        }
        defer { MHD_destroy_response(mhdResponse) }
        for (name, value) in response.headers where name.lowercased() != "content-length" {
            guard MHD_add_response_header(mhdResponse, name, value) == .YES else {
                throw HTTPServerError(.invalidResponseHeader, "libmicrohttpd refused response header \(name)")
            }
        }
        if closing {
            _ = MHD_add_response_header(mhdResponse, "Connection", "close")
        }
        guard MHD_queue_response(handle, UInt32(response.status), mhdResponse) == .YES else {
            throw HTTPServerError(.responseFailed, "MHD_queue_response failed")
        }
    }
}

/// Collects the pairs `collectField` receives during one synchronous iteration.
private final class FieldSink {
    var pairs: [(String, String)] = []
}

/// `MHD_KeyValueIteratorN` for `MHD_get_connection_values_n`: called
/// synchronously, so the sink passed unretained outlives every call.
/// A query name without `=` arrives with a NULL value and is kept as "".
private func collectField(
    _ context: UnsafeMutableRawPointer?,
    _ kind: MHD_ValueKind,
    _ key: UnsafePointer<CChar>?,
    _ keySize: Int,
    _ value: UnsafePointer<CChar>?,
    _ valueSize: Int
) -> MHD_Result {
    guard let context, let key else { return .YES }
    let sink = Unmanaged<FieldSink>.fromOpaque(context).takeUnretainedValue()
    sink.pairs.append((text(key, keySize), value.map { text($0, valueSize) } ?? ""))
    return .YES
}

private func text(_ bytes: UnsafePointer<CChar>, _ count: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
}
