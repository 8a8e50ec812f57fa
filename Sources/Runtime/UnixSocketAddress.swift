import Glibc

/// Builds the `sockaddr_un` for a path, including Linux abstract sockets.
///
/// systemd writes an abstract `$NOTIFY_SOCKET` as `@name`; the kernel wants
/// a leading NUL byte instead and an address length that counts exactly the
/// name's bytes (no terminating NUL), or it names a different socket.
enum UnixSocketAddress {
    /// Calls `body` with the address of `path`, or returns nil when the path does not fit `sun_path`.
    static func withAddress<R>(
        _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R
    ) rethrows -> R? {
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count + (abstract ? 0 : 1) <= capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1)
        return try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(length)) }
        }
    }

    /// A new close-on-exec datagram socket, or -1 with `errno` set.
    static func makeDatagramSocket() -> Int32 {
        socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }
}
