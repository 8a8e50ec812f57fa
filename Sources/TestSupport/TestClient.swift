public import Foundation
import Glibc
public import HTTPServer

/// Failures of the test client, with the errno that caused them.
public struct TestClientError: Error, CustomStringConvertible {
    public let message: String
    public let code: Int32

    public init(_ message: String, code: Int32 = errno) {
        self.message = message
        self.code = code
    }

    public var description: String { "\(message): \(String(cString: strerror(code)))" }
}

/// A response as the test client parsed it off the wire.
public struct TestResponse {
    public let status: Int
    public let headers: Headers
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object, or an empty dictionary when it is not one.
    public var json: [String: any Sendable] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: any Sendable] ?? [:]
    }
}

/// A minimal HTTP/1.1 client on one blocking POSIX socket.
///
/// Written byte by byte so tests see exactly what the server put on the
/// wire: keep-alive, `Connection: close`, refused connections. Reads time
/// out after five seconds so a server bug fails a test instead of hanging it.
public final class TestClient {
    private let socket: Int32
    private var buffer: [UInt8] = []

    public init(host: String = "127.0.0.1", port: UInt16) throws {
        let ipv6 = host.contains(":")
        socket = Glibc.socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestClientError("socket") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let status: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            inet_pton(AF_INET6, host, &address.sin6_addr)
            status = Self.connect(socket, to: address)
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            status = Self.connect(socket, to: address)
        }
        // No close here: every stored property is set, so deinit runs on the
        // throw and closes the socket. A second close could hit the same number
        // reused meanwhile by another thread (an HTTP server's accepted
        // connection: libmicrohttpd aborts when its descriptor vanishes).
        guard status == 0 else { throw TestClientError("connect", code: errno) }
    }

    deinit { close(socket) }

    /// `connect(2)` with a `sockaddr_in` or `sockaddr_in6`.
    private static func connect<Address>(_ socket: Int32, to address: Address) -> Int32 {
        withUnsafePointer(to: address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<Address>.size))
            }
        }
    }

    /// Writes raw bytes, for requests the `request` helper cannot express.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw TestClientError("send") }
            offset += written
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends one request with `Content-Length` and reads its response.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> TestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        try send(Array((head + "\r\n").utf8) + body)
        return try readResponse(bodiless: method == "HEAD")
    }

    /// Reads one response: status line, headers, and a body delimited by
    /// `Content-Length`, chunked encoding, or the end of the connection.
    public func readResponse(bodiless: Bool = false) throws -> TestResponse {
        let head = try readUntil(Array("\r\n\r\n".utf8))
        var lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError("bad status line", code: 0) }
        var headers = Headers()
        for line in lines where !line.isEmpty {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers.add(String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        if bodiless { return TestResponse(status: status, headers: headers, body: []) }
        if let length = headers["Content-Length"].flatMap({ Int($0) }) {
            return TestResponse(status: status, headers: headers, body: try read(count: length))
        }
        if headers["Transfer-Encoding"]?.lowercased() == "chunked" {
            var body: [UInt8] = []
            while true {
                let sizeLine = String(decoding: try readUntil(Array("\r\n".utf8)), as: UTF8.self)
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw TestClientError("bad chunk", code: 0) }
                body += try read(count: size)
                _ = try readUntil(Array("\r\n".utf8))
                if size == 0 { return TestResponse(status: status, headers: headers, body: body) }
            }
        }
        while try fill() {}
        defer { buffer = [] }
        return TestResponse(status: status, headers: headers, body: buffer)
    }

    /// Waits for the server to end the connection, up to the receive timeout
    /// (5 s): true on end of file or a reset, false when it stayed open
    /// (the read timed out). Anything the server sent meanwhile is discarded.
    public func endsBeforeTimeout() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 { continue }
            return count == 0 || errno == ECONNRESET
        }
    }

    /// Whether the server closed the connection (a read returns end of file).
    public func isClosedByPeer() -> Bool {
        buffer.isEmpty && (try? fill()) != true
    }

    private func readUntil(_ delimiter: [UInt8]) throws -> [UInt8] {
        while true {
            if let range = buffer.firstRange(of: delimiter) {
                let head = Array(buffer[..<range.lowerBound])
                buffer.removeSubrange(..<range.upperBound)
                return head
            }
            guard try fill() else { throw TestClientError("connection closed mid-response", code: 0) }
        }
    }

    private func read(count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw TestClientError("connection closed mid-body", code: 0) }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer.prefix(count))
    }

    /// Reads what is available; false at end of file.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw TestClientError("recv") }
        buffer += chunk.prefix(count)
        return count > 0
    }
}
