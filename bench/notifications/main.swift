// bench-sms-sink: the SMS provider stand-in of the notification burst benchmark
// (BENCHMARKS.md, "Notifications"). Answers every POST /webhook with 201 and a
// JSON sid after sleeping `--delay-ms` on its pool thread, like a provider that
// takes 50 ms per message, and appends "<unix seconds>\t<to>" to `--log` for
// each request it answers (written with write(2) at once, so a killed sink
// loses nothing).
//
// Usage: bench-sms-sink --log FILE [--port 0] [--threads 512] [--delay-ms 50] [--max-seconds 1800]
// Prints the bound port on stdout's first line; stops after --max-seconds.
// It holds at most --threads connections, one per pool thread.
import Foundation
import Glibc
import HTTPServer
import Synchronization

struct Options {
    var port: UInt16 = 0
    var threads = 512
    var delayMilliseconds = 50
    var maxSeconds = 1800
    var log = ""

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { Self.usage("\(flag) needs a value") }
            switch flag {
            case "--port": port = UInt16(value) ?? { Self.usage("bad --port") }()
            case "--threads": threads = Int(value) ?? { Self.usage("bad --threads") }()
            case "--delay-ms": delayMilliseconds = Int(value) ?? { Self.usage("bad --delay-ms") }()
            case "--max-seconds": maxSeconds = Int(value) ?? { Self.usage("bad --max-seconds") }()
            case "--log": log = value
            default: Self.usage("unknown option \(flag)")
            }
        }
        if log.isEmpty { Self.usage("--log is required") }
    }

    static func usage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("bench-sms-sink: \(message)\n".utf8))
        exit(64)
    }
}

/// The JSON the webhook transport posts; only the recipient is read.
struct WebhookBody: Decodable {
    var to: String
}

struct Accepted: Encodable {
    var sid: String
    var status = "queued"
}

/// Appends whole lines to one file descriptor; a Mutex keeps lines from interleaving.
final class ArrivalLog: Sendable {
    // The descriptor is written only inside `lock`; it is closed never (the
    // process exits with it open).
    private let fd: Int32
    private let lock = Mutex<Int>(0)

    init(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0o644)
        if fd < 0 { Options.usage("cannot open \(path)") }
    }

    /// Records one answered request and returns its sequence number.
    func record(_ to: String) -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let micros = String(now.tv_nsec / 1000)
        let line = "\(now.tv_sec).\(String(repeating: "0", count: 6 - micros.count))\(micros)\t\(to)\n"
        return lock.withLock { count in
            count += 1
            _ = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
            return count
        }
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let log = ArrivalLog(path: options.log)
let delay = UInt32(options.delayMilliseconds * 1000)
var router = Router()
router.post("/webhook") { request in
    let body = try JSONDecoder().decode(WebhookBody.self, from: Data(request.body))
    // Blocking on purpose: the pool thread is the provider's worker.
    usleep(delay)
    let sequence = log.record(body.to)
    return try .json(Accepted(sid: "SM\(sequence)"), status: 201)
}
let server = Server(
    configuration: ServerConfiguration(host: "127.0.0.1", port: options.port, threadCount: options.threads,
                                       // One connection per thread: libmicrohttpd splits the limit evenly
                                       // across its pool and a thread accepts up to ten connections per
                                       // wake-up, so a larger limit piles keep-alive connections onto a
                                       // few threads, where they wait behind each other's 50 ms sleeps.
                                       connectionLimit: options.threads, idleTimeout: .seconds(120)),
    router: router)
do {
    try server.start()
} catch {
    Options.usage("cannot start: \(error)")
}
FileHandle.standardOutput.write(Data("\(server.port ?? 0)\n".utf8))
sleep(UInt32(options.maxSeconds))
server.stop(timeout: .seconds(2))
