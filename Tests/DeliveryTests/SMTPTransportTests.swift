import Delivery
import Foundation
import Testing
import TestSupport

@Suite("SMTP transport against aiosmtpd")
struct SMTPTransportTests {
    static let credentials = (user: "booknow", password: "s3cret-pass")

    func makeTransport(_ peer: PeerProcess, threads: Int = 2, password: String = credentials.password,
                       commandTimeout: Duration = .seconds(10)) throws -> SMTPTransport {
        // The loopback peer has no TLS, so STARTTLS is explicitly not required here; production defaults to required.
        try SMTPTransport(settings: SMTPSettings(
            url: "smtp://127.0.0.1:\(peer.port)", requireTLS: false, username: Self.credentials.user,
            password: password, envelopeSender: try EmailAddress("bounces@booknow.example"),
            senderThreads: threads, connectTimeout: .seconds(5), transferTimeout: .seconds(20),
            commandTimeout: commandTimeout))
    }

    func startPeer() throws -> PeerProcess {
        try PeerProcess("smtp_peer.py", arguments: ["--auth", "\(Self.credentials.user):\(Self.credentials.password)"])
    }

    @Test("an accepted message arrives intact: envelope, headers, both parts and the invite")
    func acceptedMessage() async throws {
        let peer = try startPeer()
        let transport = try makeTransport(peer)
        let message = try Fixtures.email(calendar: try Fixtures.invite(.request, sequence: 2))
        let result = transport.deliver(.email(message))
        transport.shutdown()
        #expect(result.outcome == .delivered)
        #expect(result.replyCode == 250)
        #expect(result.replyText.hasPrefix("250 2.0.0 OK queued as Q"))
        #expect(result.messageID == "<booknow.job-1@booknow.example>")
        let files = try peer.files(withExtension: "json")
        try #require(files.count == 1)
        let mail = try ReceivedMail.load(files[0])
        #expect(mail.mailFrom == "bounces@booknow.example")
        #expect(mail.rcptTos == ["accept@example.test"])
        // What went over the wire is what composition produced (libcurl only dot-stuffs).
        #expect(mail.raw + [13, 10] == message.rendered() || mail.raw == message.rendered())
        let root = mail.message
        #expect(root.decodedHeader("From") == "Salon Ünique <bookings@salon.example>")
        #expect(root.decodedHeader("Subject") == "Your booking at Salon Ünique is confirmed")
        #expect(root.header("Message-ID") == "<booknow.job-1@booknow.example>")
        let alternative = root.parts[0].parts
        #expect(alternative.map { $0.header("Content-Type") ?? "" }
            == ["text/plain; charset=UTF-8", "text/html; charset=UTF-8"])
        #expect(alternative[0].decodedBody.contains("Hello Zoë"))
        let calendar = root.parts[1]
        #expect(calendar.header("Content-Type") == "text/calendar; charset=UTF-8; method=REQUEST")
        let ics = CalendarInviteTests.lines(calendar.decodedBody)
        #expect(ics.contains("METHOD:REQUEST") && ics.contains("SEQUENCE:2"))
        #expect(ics.contains("UID:booking-b-42@booknow.example"))
    }

    @Test("each failure reply is classified", arguments: [
        ("r451", DeliveryOutcome.transient, 451), ("r550", .permanentRecipient, 550),
        ("r553", .permanentRecipient, 553), ("r552", .permanentMessage, 552), ("r554", .permanentMessage, 554),
        ("drop", .transient, 0),
    ])
    func failureReplies(local: String, expected: DeliveryOutcome, code: Int) async throws {
        let peer = try startPeer()
        let transport = try makeTransport(peer, threads: 1)
        let result = transport.deliver(.email(try Fixtures.email(to: "\(local)@example.test")))
        transport.shutdown()
        #expect(result.outcome == expected)
        #expect(result.replyCode == code)
        if code != 0 { #expect(result.replyText.hasPrefix("\(code) ")) }
        #expect(try peer.files(withExtension: "json").isEmpty)
    }

    @Test("a wrong password is a channel fault (535)")
    func authFailure() async throws {
        let peer = try startPeer()
        let transport = try makeTransport(peer, password: "wrong")
        let result = transport.deliver(.email(try Fixtures.email()))
        transport.shutdown()
        #expect(result.outcome == .channelFault)
        #expect(result.replyCode == 535)
        #expect(!result.replyText.contains("wrong"))
    }

    @Test("a server that stops answering is a transient timeout")
    func stall() async throws {
        let peer = try startPeer()
        let transport = try makeTransport(peer, commandTimeout: .seconds(1))
        let result = transport.deliver(.email(try Fixtures.email(to: "stall@example.test")))
        transport.shutdown()
        #expect(result.outcome == .transient)
        #expect(result.detailCode == 28)
    }

    @Test("a refused connection is transient, and STARTTLS is required unless turned off")
    func refusedAndTLSRequired() async throws {
        let peer = try startPeer()
        let tls = try SMTPTransport(settings: SMTPSettings(url: "smtp://127.0.0.1:\(peer.port)",
                                                            commandTimeout: .seconds(5)))
        let strict = tls.deliver(.email(try Fixtures.email()))
        tls.shutdown()
        #expect(strict.outcome == .channelFault)
        #expect(strict.detailCode == 64)
        #expect(try peer.files(withExtension: "json").isEmpty)
        let closed = try SMTPTransport(settings: SMTPSettings(url: "smtp://127.0.0.1:1", requireTLS: false))
        let refused = closed.deliver(.email(try Fixtures.email()))
        closed.shutdown()
        #expect(refused.outcome == .transient)
    }

    @Test("with STARTTLS required and the peer's CA, mail goes over TLS; an unknown CA is a channel fault")
    func startTLS() async throws {
        let peer = try PeerProcess("smtp_peer.py", arguments: [
            "--auth", "\(Self.credentials.user):\(Self.credentials.password)", "--tls"])
        let settings = SMTPSettings(url: "smtp://127.0.0.1:\(peer.port)",
                                    caFile: peer.folder.appendingPathComponent("cert.pem").path,
                                    username: Self.credentials.user, password: Self.credentials.password,
                                    commandTimeout: .seconds(5))
        let transport = try SMTPTransport(settings: settings)
        let result = transport.deliver(.email(try Fixtures.email()))
        transport.shutdown()
        #expect(result.outcome == .delivered)
        #expect(try peer.files(withExtension: "json").count == 1)
        var untrusted = settings
        untrusted.caFile = nil
        let strict = try SMTPTransport(settings: untrusted)
        let refused = strict.deliver(.email(try Fixtures.email()))
        strict.shutdown()
        #expect(refused.outcome == .channelFault)
        #expect(try peer.files(withExtension: "json").count == 1)
    }

    @Test("100 emails through a pool of 4 threads open at most 4 connections")
    func connectionReuse() async throws {
        let peer = try startPeer()
        let transport = try makeTransport(peer, threads: 4)
        let messages = try (0..<100).map { try Fixtures.email(jobID: "bulk-\($0)") }
        let results = transport.sendAll(messages.map { .email($0) }).map(\.outcome)
        transport.shutdown()
        #expect(results.count == 100 && results.allSatisfy { $0 == .delivered })
        #expect(try peer.files(withExtension: "json").count == 100)
        let connections = try peer.connectionCount()
        #expect(connections >= 1 && connections <= 4)
    }

    @Test("one connection sends each message to its own recipient, never the previous message's")
    func recipientsFollowEachMessage() async throws {
        let peer = try startPeer()
        let transport = try makeTransport(peer, threads: 1)
        // The handle's recipient list is reused; the longer address makes it grow, the shorter ones refill it.
        let recipients = ["a@example.test", "a-much-longer-recipient-address@example.test", "b@example.test"]
        for (index, address) in recipients.enumerated() {
            let result = transport.deliver(.email(try Fixtures.email(to: address, jobID: "rcpt-\(index)")))
            #expect(result.outcome == .delivered)
        }
        transport.shutdown()
        let mails = try peer.files(withExtension: "json").map { try ReceivedMail.load($0) }
        #expect(mails.map(\.rcptTos) == recipients.map { [$0] })
        #expect(try peer.connectionCount() == 1)
    }

    @Test("CRLF in a name or subject never reaches the wire as a header")
    func injectionNeverReachesWire() async throws {
        let peer = try startPeer()
        let transport = try makeTransport(peer)
        let message = try Fixtures.email(name: "Eve\r\nBcc: victim@evil.test",
                                         subject: "Hello\r\nBcc: victim@evil.test\r\n\r\nfake body")
        let result = transport.deliver(.email(message))
        transport.shutdown()
        #expect(result.outcome == .delivered)
        let mail = try ReceivedMail.load(try #require(try peer.files(withExtension: "json").first))
        #expect(mail.rcptTos == ["accept@example.test"])
        #expect(mail.message.header("Bcc") == nil)
        #expect(!mail.text.contains("\r\nBcc:") && !mail.text.contains("victim@evil.test\r\n"))
        // An address with CRLF cannot even be built, so it cannot reach RCPT TO.
        #expect(throws: DeliveryError.self) { try EmailAddress("x@example.test>\r\nRCPT TO:<victim@evil.test") }
    }
}
