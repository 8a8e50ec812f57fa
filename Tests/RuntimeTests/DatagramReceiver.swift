import Foundation
import Glibc
@testable import Runtime

/// A real AF_UNIX datagram socket standing in for systemd's `$NOTIFY_SOCKET`.
final class DatagramReceiver {
    /// The address to put in `NOTIFY_SOCKET` (`@name` for an abstract socket).
    let address: String
    private let descriptor: Int32
    private let directory: TemporaryDirectory?

    struct Failure: Error {
        let call: String
    }

    init(abstract: Bool = false) throws {
        descriptor = UnixSocketAddress.makeDatagramSocket()
        guard descriptor >= 0 else { throw Failure(call: "socket") }
        if abstract {
            directory = nil
            address = "@booknow-test-\(UUID().uuidString)"
        } else {
            let directory = try TemporaryDirectory()
            self.directory = directory
            address = directory.path + "/notify"
        }
        let bound = UnixSocketAddress.withAddress(address) { bind(descriptor, $0, $1) }
        guard bound == 0 else { throw Failure(call: "bind") }
    }

    /// The next datagram, or nil when none arrives within `timeout`.
    func receive(timeout: Duration = .seconds(5)) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count < 0 ? nil : String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// `receive` on a thread of its own, so async tests never block the
    /// cooperative pool that the code under test needs to make progress.
    // Generous: the sender may itself be a task on the cooperative pool, and in
    // a full test run the synchronous database tests hold both of its threads
    // for as long as they keep coming (over 60 s was seen on a loaded host).
    func next(timeout: Duration = .seconds(600)) async -> String? {
        await withCheckedContinuation { continuation in
            let receiver = UncheckedBox(self)
            Thread.detachNewThread { continuation.resume(returning: receiver.value.receive(timeout: timeout)) }
        }
    }

    deinit {
        close(descriptor)
    }
}

/// Carries the receiver to its polling thread.
// @unchecked Sendable: the receiver's descriptor is only read, and the
// awaiting test keeps it alive until the thread has resumed the continuation.
private struct UncheckedBox: @unchecked Sendable {
    let value: DatagramReceiver
    init(_ value: DatagramReceiver) { self.value = value }
}
