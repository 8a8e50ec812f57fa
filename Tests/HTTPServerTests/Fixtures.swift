import Dispatch
import Foundation
import Testing
import HTTPServer
import Synchronization

/// Errors the server reported through its hook, for tests to inspect.
final class ErrorLog: Sendable {
    private let entries = Mutex<[(error: String, path: String)]>([])

    func record(_ error: any Error, _ request: Request) {
        let description = String(describing: error)
        entries.withLock { $0.append((description, request.path)) }
    }

    var all: [(error: String, path: String)] { entries.withLock { $0 } }
}

/// Starts a server on an ephemeral loopback port with the routes `build` adds,
/// runs `body`, and stops the server whatever happens.
func withServer<Result>(
    configuration: ServerConfiguration = ServerConfiguration(threadCount: 2),
    log: ErrorLog = ErrorLog(),
    routes build: (inout Router) -> Void,
    _ body: (Server, UInt16) throws -> Result
) throws -> Result {
    var router = Router()
    build(&router)
    let server = Server(configuration: configuration, router: router, onError: log.record)
    try server.start()
    defer { server.stop(timeout: .seconds(1)) }
    let port = try #require(server.port)
    return try body(server, port)
}

/// Runs `work` on its own thread (not Swift's cooperative pool, since it
/// blocks) and returns a function that waits for its result.
func inBackground<Value: Sendable>(_ work: @escaping @Sendable () -> Value) -> () -> Value {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<Value>()
    Thread.detachNewThread {
        box.value.withLock { $0 = work() }
        done.signal()
    }
    return {
        done.wait()
        return box.value.withLock { $0! }
    }
}

private final class ResultBox<Value: Sendable>: Sendable {
    let value = Mutex<Value?>(nil)
}
