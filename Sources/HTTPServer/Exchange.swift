/// The state of one request between libmicrohttpd's calls to the access handler.
///
/// Created on the first call, retained through the connection's `con_cls`
/// slot, released by the request-completed callback. libmicrohttpd serves a
/// connection from one thread at a time, so this class needs no lock and is
/// deliberately not `Sendable`.
final class Exchange {
    private(set) var body: [UInt8] = []
    /// The body outgrew the limit; the rest is discarded and the answer is 413.
    private(set) var tooLarge = false
    /// A response was queued; later calls have nothing to do.
    var answered = false

    /// Appends a chunk of body, or drops it once the limit is passed (reading
    /// on rather than closing lets the client receive the 413).
    func receive(_ chunk: UnsafeRawBufferPointer, limit: Int) {
        guard !tooLarge else { return }
        guard body.count + chunk.count <= limit else {
            tooLarge = true
            body = []
            return
        }
        body.append(contentsOf: chunk)
    }
}
