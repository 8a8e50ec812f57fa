// bench-delivery: throughput and latency of the SMTP and SMS transports against local sinks.
// Driven by bench/delivery/run.sh, which also measures the ceilings (smtp-source, wrk).
import Delivery
import Foundation
import Synchronization

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

let mode = arguments.first ?? "smtp"
let count = Int(option("--messages", "20000")) ?? 20000
let concurrency = Int(option("--concurrency", "4")) ?? 4
/// Messages awaiting an answer at once; defaults to one per connection (like wrk), more models a claim batch.
let inFlight = Int(option("--in-flight", String(concurrency))) ?? concurrency

let transport: any Transport
let makeMessage: @Sendable (Int) throws -> OutgoingMessage
switch mode {
case "smtp":
    transport = try SMTPTransport(settings: SMTPSettings(
        url: option("--url", "smtp://127.0.0.1:2525"), requireTLS: false, senderThreads: concurrency))
    let from = try EmailAddress("bench@booknow.example", name: "BookNow bench")
    let to = try EmailAddress("sink@booknow.example", name: "Sink")
    // Text and HTML sized so the composed message is about 3,000 bytes, like smtp-source -l 3000.
    let text = String(repeating: "Your appointment is confirmed for Monday at 10:00. ", count: 26)
    let html = "<p>" + String(repeating: "Your appointment is <b>confirmed</b>. ", count: 26) + "</p>"
    makeMessage = { index in
        .email(EmailMessage(from: from, to: to, subject: "Booking confirmed", text: text, html: html,
                            messageID: try MessageID(jobID: "bench-\(index)", domain: "booknow.example"),
                            date: Date()))
    }
case "sms":
    transport = try TwilioSMSTransport(settings: SMSSettings(
        baseURL: option("--url", "http://127.0.0.1:8080/2010-04-01"), accountSID: "AC0123456789",
        authToken: "bench-token", from: try PhoneNumber("+15550009999"), maxConnections: concurrency))
    let to = try PhoneNumber("+15550001234")
    makeMessage = { index in
        .sms(SMSMessage(to: to, body: "Reminder: your appointment is tomorrow at 10:00.",
                        validity: .seconds(3600), idempotencyKey: "bench-\(index)"))
    }
default:
    FileHandle.standardError.write(Data("usage: bench-delivery smtp|sms [--url U] [--concurrency N] [--messages M]\n".utf8))
    exit(64)
}

if mode == "smtp", case .email(let sample) = try makeMessage(0) {
    print("message_bytes=\(sample.rendered().count)")
}

/// The messages, built before the clock starts: building one is the caller's work (the daemon renders
/// and builds on its handler threads), not the transport's, and here it would run on the transport's
/// thread between two sends.
let messages = try (0..<count).map(makeMessage)

/// Closed loop: `inFlight` chains each keep one message in flight, the next sent from the previous one's
/// completion (the daemon's shape: no thread waits per message); with the default (one per connection or
/// sender thread) this is the shape of smtp-source sessions and wrk connections.
let counter = Counter()
let clock = ContinuousClock()
let measured = Mutex<[Duration]>([])
measured.withLock { $0.reserveCapacity(count) }
let started = clock.now
let finished = DispatchGroup()
@Sendable func sendNext() {
    guard let index = counter.next(limit: count) else { return finished.leave() }
    let message = messages[index]
    let begin = clock.now
    transport.send(message) { result in
        let took = clock.now - begin
        measured.withLock { $0.append(took) }
        if result.outcome != .delivered { counter.fail() }
        sendNext()
    }
}
for _ in 0..<inFlight {
    finished.enter()
    sendNext()
}
finished.wait()
let elapsed = clock.now - started
let latencies = measured.withLock { $0 }.sorted()
transport.shutdown()

func ms(_ duration: Duration) -> String {
    String(format: "%.2f", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("mode=\(mode) messages=\(count) connections=\(concurrency) in_flight=\(inFlight) failures=\(counter.failures)")
print(String(format: "throughput=%.0f/s elapsed=%.2fs", Double(count) / seconds, seconds)
      + " p50=\(ms(latencies[latencies.count / 2]))ms p99=\(ms(latencies[latencies.count * 99 / 100]))ms")
