internal import CMicroHTTPD

/// libmicrohttpd's `MHD_AccessHandlerCallback`, called on the pool thread
/// serving the connection: once when the headers are in, once per body chunk,
/// and once more (with no data) when the body is complete.
///
/// A free function, as C callbacks must be; the server context arrives
/// through `context` and the per-request `Exchange` through `requestContext`.
func handleAccess(
    _ context: UnsafeMutableRawPointer?,
    _ connectionHandle: OpaquePointer?,
    _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?,
    _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let context, let connectionHandle, let url, let method, let uploadDataSize, let requestContext else {
        return .NO
    }
    let server = Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue()
    let connection = Connection(handle: connectionHandle)
    func request(body: [UInt8]) -> Request {
        Request(method: HTTPMethod(rawValue: String(cString: method)), path: String(cString: url),
                query: connection.query, headers: connection.headers, body: body, peerAddress: connection.clientAddress,
                trustedProxies: server.trustedProxies)
    }

    guard let existing = requestContext.pointee else {
        let exchange = Exchange()
        requestContext.pointee = Unmanaged.passRetained(exchange).toOpaque()
        server.inFlight.enter()
        server.headerDeadlines?.headersReceived(connectionHandle)
        // Refuse a declared oversized body before reading it; libmicrohttpd
        // then closes the connection after the answer.
        if let length = connection.declaredContentLength, length > UInt64(server.maxBodySize) {
            exchange.answered = true
            let refusal = Response.problem(.contentTooLarge(limit: server.maxBodySize))
            return server.answer(refusal, to: request(body: []), on: connection) ? .YES : .NO
        }
        return .YES
    }
    let exchange = Unmanaged<Exchange>.fromOpaque(existing).takeUnretainedValue()
    if uploadDataSize.pointee > 0 {
        exchange.receive(UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee), limit: server.maxBodySize)
        uploadDataSize.pointee = 0
        return .YES
    }
    guard !exchange.answered else { return .YES }
    exchange.answered = true
    let complete = request(body: exchange.body)
    let response = exchange.tooLarge
        ? Response.problem(.contentTooLarge(limit: server.maxBodySize))
        : server.respond(to: complete)
    return server.answer(response, to: complete, on: connection) ? .YES : .NO
}

/// libmicrohttpd's `MHD_RequestCompletedCallback`: the response was sent or
/// the connection failed. Releases the `Exchange` and ends the request's
/// in-flight count, which a graceful stop waits on.
func handleCompletion(
    _ context: UnsafeMutableRawPointer?,
    _ connectionHandle: OpaquePointer?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ termination: MHD_RequestTerminationCode
) {
    guard let context, let requestContext, let existing = requestContext.pointee else { return }
    Unmanaged<Exchange>.fromOpaque(existing).release()
    requestContext.pointee = nil
    let server = Unmanaged<ServerContext>.fromOpaque(context).takeUnretainedValue()
    if let connectionHandle { server.headerDeadlines?.requestCompleted(connectionHandle) }
    server.inFlight.leave()
}
